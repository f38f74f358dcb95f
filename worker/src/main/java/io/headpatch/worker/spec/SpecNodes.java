package io.headpatch.worker.spec;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a composed YAML node tree, turning every problem into a SpecException that names source,
 * line and field. Scalars are read as the text written, so YAML 1.1 never turns {@code 0102} or
 * {@code yes} into something else.
 */
final class SpecNodes {

    private static final Pattern INTEGER = Pattern.compile("[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+)");

    private final String sourceName;

    SpecNodes(String sourceName) {
        this.sourceName = sourceName;
    }

    SpecException error(Node at, String field, String problem) {
        return new SpecException(sourceName + " line " + (at.getStartMark().getLine() + 1) + ": " + field + ": " + problem);
    }

    /** The entries of a mapping by key; unknown and duplicate keys are refused so that a typo never goes unnoticed. */
    Map<String, Node> mapping(Node node, String field, Set<String> allowedKeys) throws SpecException {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, field, "expected a mapping with keys " + new TreeSet<>(allowedKeys));
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = text(tuple.getKeyNode(), field);
            if (!allowedKeys.contains(key)) {
                throw error(tuple.getKeyNode(), field, "unknown key=" + key + " (allowed: " + new TreeSet<>(allowedKeys) + ")");
            }
            if (entries.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), field, "duplicate key=" + key);
            }
        }
        return entries;
    }

    List<Node> sequence(Node node, String field) throws SpecException {
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, field, "expected a list");
        }
        return sequence.getValue();
    }

    /** The text of a scalar as written; a YAML null (empty, ~, null) is refused: quote it to mean the text. */
    String text(Node node, String field) throws SpecException {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, field, "expected a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        if (Tag.NULL.equals(scalar.getTag())) {
            throw error(node, field, "value is missing");
        }
        return scalar.getValue();
    }

    /** An int written in decimal or 0x hex, for offsets, lengths and ranges. */
    int integer(Node node, String field, String key) throws SpecException {
        String text = text(node, field);
        BigInteger value = parseInteger(text);
        if (value == null) {
            throw error(node, field, key + "=" + text + " is not an integer (decimal or 0x hex)");
        }
        if (value.bitLength() > 31) {
            throw error(node, field, key + "=" + text + " is out of range");
        }
        return value.intValue();
    }

    /** Decimal or 0x hex, optionally signed; null when the text is neither. */
    static BigInteger parseInteger(String text) {
        if (!INTEGER.matcher(text).matches()) {
            return null;
        }
        boolean negative = text.startsWith("-");
        String digits = text.charAt(0) == '+' || negative ? text.substring(1) : text;
        BigInteger magnitude = digits.length() > 1 && (digits.charAt(1) == 'x' || digits.charAt(1) == 'X')
                ? new BigInteger(digits.substring(2), 16)
                : new BigInteger(digits);
        return negative ? magnitude.negate() : magnitude;
    }
}
