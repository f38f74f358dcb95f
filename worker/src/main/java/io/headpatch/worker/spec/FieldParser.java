package io.headpatch.worker.spec;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/** Parses one entry of {@code match:} or {@code done:} into a Guard, or one entry of {@code set:} into a SetField. */
final class FieldParser {

    /** A guard and a set-field take the same keys: a value, or a checksum the field must hold (guard) or gets (set). */
    private static final Set<String> FIELD_KEYS = Stream.concat(Stream.of("offset", "type", "value", "bytes", "length", "pad"),
            Arrays.stream(ChecksumAlgorithm.values()).map(ChecksumAlgorithm::key)).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> RANGE_KEYS = Set.of("from", "to");
    /** A placeholder is always the whole value, so that a value is either a placeholder or a literal. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{\\s*([^}]*?)\\s*}");
    private static final Pattern FILE_SIZE = Pattern.compile("file\\.size(?:\\s*([+-])\\s*(\\w+))?");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SpecNodes nodes;
    private final LiteralEncoder literals;
    private final int headerLength;
    private final SortedMap<String, String> parameters;
    private final Set<String> usedParameters = new TreeSet<>();

    FieldParser(SpecNodes nodes, int headerLength, SortedMap<String, String> parameters) {
        this.nodes = nodes;
        this.literals = new LiteralEncoder(nodes);
        this.headerLength = headerLength;
        this.parameters = parameters;
    }

    /** The parameters the parsed fields referred to, sorted. */
    Set<String> usedParameters() {
        return usedParameters;
    }

    Guard guard(Node node, String position) throws SpecException {
        Map<String, Node> keys = nodes.mapping(node, position, FIELD_KEYS);
        int offset = offset(node, position, keys);
        String label = label(position, offset);
        FieldType type = type(node, label, keys);
        ChecksumAlgorithm algorithm = checksumAlgorithm(node, label, keys);
        if (algorithm != null) {
            return new Guard.Checksum(offset, type, checksum(node, label, offset, type, algorithm, keys));
        }
        Node valueNode = valueNode(node, label, keys);
        if (!(value(valueNode, label, type, keys) instanceof FieldValue.Constant constant)) {
            throw nodes.error(valueNode, label, "a guard cannot use " + nodes.text(valueNode, label)
                    + ": it is known only while patching");
        }
        requireInsideHeader(node, label, offset, constant.bytes().length);
        return new Guard.Value(offset, constant.bytes());
    }

    SetField setField(Node node, String position) throws SpecException {
        Map<String, Node> keys = nodes.mapping(node, position, FIELD_KEYS);
        int offset = offset(node, position, keys);
        String label = label(position, offset);
        FieldType type = type(node, label, keys);
        ChecksumAlgorithm algorithm = checksumAlgorithm(node, label, keys);
        if (algorithm != null) {
            return new SetField(label, offset, type.width(), type, checksum(node, label, offset, type, algorithm, keys));
        }
        FieldValue value = value(valueNode(node, label, keys), label, type, keys);
        int width = value instanceof FieldValue.Constant constant ? constant.bytes().length : type.width();
        requireInsideHeader(node, label, offset, width);
        return new SetField(label, offset, width, type, value);
    }

    private static String label(String position, int offset) {
        return position + " (offset=" + offset + ")";
    }

    private int offset(Node node, String position, Map<String, Node> keys) throws SpecException {
        Node offsetNode = keys.get("offset");
        if (offsetNode == null) {
            throw nodes.error(node, position, "missing offset");
        }
        int offset = nodes.integer(offsetNode, position, "offset");
        if (offset < 0) {
            throw nodes.error(offsetNode, position, "offset=" + offset + " is negative");
        }
        return offset;
    }

    private FieldType type(Node node, String label, Map<String, Node> keys) throws SpecException {
        FieldType type;
        if (keys.containsKey("bytes")) {
            if (keys.containsKey("type") || keys.containsKey("value")) {
                throw nodes.error(node, label, "give either bytes: or type: with value:, not both");
            }
            type = FieldType.BYTES;
        } else {
            Node typeNode = keys.get("type");
            if (typeNode == null) {
                throw nodes.error(node, label, "missing type (one of " + FieldType.names() + ")");
            }
            String name = nodes.text(typeNode, label);
            type = FieldType.byName(name);
            if (type == null) {
                throw nodes.error(typeNode, label, "unknown type=" + name + " (known: " + FieldType.names() + ")");
            }
        }
        if (type != FieldType.ASCII && (keys.containsKey("length") || keys.containsKey("pad"))) {
            throw nodes.error(node, label, "length and pad apply to type ascii only, not " + type);
        }
        return type;
    }

    private Node valueNode(Node node, String label, Map<String, Node> keys) throws SpecException {
        Node valueNode = keys.containsKey("bytes") ? keys.get("bytes") : keys.get("value");
        if (valueNode == null) {
            throw nodes.error(node, label, "missing value");
        }
        return valueNode;
    }

    private ChecksumAlgorithm checksumAlgorithm(Node node, String label, Map<String, Node> keys) throws SpecException {
        TreeSet<String> given = keys.keySet().stream().filter(key -> ChecksumAlgorithm.byKey(key) != null)
                .collect(Collectors.toCollection(TreeSet::new));
        if (given.size() > 1) {
            throw nodes.error(node, label, "one field holds one checksum, not " + given);
        }
        return given.isEmpty() ? null : ChecksumAlgorithm.byKey(given.first());
    }

    /** The checksum a u32 field at {@code offset} holds over its range, validated. */
    private FieldValue.Checksum checksum(Node node, String label, int offset, FieldType type, ChecksumAlgorithm algorithm,
            Map<String, Node> keys) throws SpecException {
        if (keys.containsKey("value")) {
            throw nodes.error(keys.get("value"), label, "a " + algorithm + " field takes no value");
        }
        if (!type.holdsChecksum()) {
            throw nodes.error(node, label, algorithm + " needs type u32le or u32be, not " + type);
        }
        Node rangeNode = keys.get(algorithm.key());
        Map<String, Node> range = nodes.mapping(rangeNode, label, RANGE_KEYS);
        if (!range.keySet().equals(RANGE_KEYS)) {
            throw nodes.error(rangeNode, label, algorithm + " needs both from and to");
        }
        int from = nodes.integer(range.get("from"), label, "from");
        int to = nodes.integer(range.get("to"), label, "to");
        String ranged = algorithm + " range [" + from + "," + to + ")";
        if (from < 0 || from >= to || to > headerLength) {
            throw nodes.error(rangeNode, label, ranged + " is out of bounds: needs 0 <= from < to <= headerLength="
                    + headerLength);
        }
        int width = type.width();
        requireInsideHeader(node, label, offset, width);
        if (offset < to && from < offset + width) {
            // The checksum would change bytes it covers, so no stored value could ever verify.
            throw nodes.error(rangeNode, label, ranged + " contains the checksum's own bytes [" + offset + ","
                    + (offset + width) + ")");
        }
        return new FieldValue.Checksum(algorithm, from, to);
    }

    /** A literal or a placeholder; parameters are bound here, runtime values are only checked for an integer type. */
    private FieldValue value(Node valueNode, String label, FieldType type, Map<String, Node> keys) throws SpecException {
        String text = nodes.text(valueNode, label);
        String key = keys.containsKey("bytes") ? "bytes" : "value";
        Matcher placeholder = PLACEHOLDER.matcher(text);
        if (!placeholder.matches()) {
            if (text.contains("${")) {
                throw nodes.error(valueNode, label, key + "=" + text + ": a ${...} placeholder must be the whole value");
            }
            return new FieldValue.Constant(literals.encode(valueNode, label, type, keys, text, key + "=" + text));
        }
        String expression = placeholder.group(1);
        if (expression.equals("job.timestamp")) {
            requireInteger(valueNode, label, type, text);
            return new FieldValue.JobTimestamp();
        }
        Matcher fileSize = FILE_SIZE.matcher(expression);
        if (fileSize.matches()) {
            requireInteger(valueNode, label, type, text);
            return new FieldValue.FileSize(fileSizeDelta(valueNode, label, fileSize, text), text);
        }
        if (!PARAMETER_NAME.matcher(expression).matches()) {
            throw nodes.error(valueNode, label, "unknown placeholder " + text + "; use ${job.timestamp}, ${file.size}, "
                    + "${file.size - N}, ${file.size + N} or ${parameter}");
        }
        String parameter = parameters.get(expression);
        if (parameter == null) {
            throw nodes.error(valueNode, label, "missing parameter " + expression + " (given: "
                    + (parameters.isEmpty() ? "none" : String.join(", ", parameters.keySet())) + ")");
        }
        usedParameters.add(expression);
        return new FieldValue.Constant(literals.encode(valueNode, label, type, keys, parameter,
                "parameter " + expression + "=" + parameter));
    }

    private void requireInteger(Node valueNode, String label, FieldType type, String text) throws SpecException {
        if (!type.isInteger()) {
            throw nodes.error(valueNode, label, text + " needs an integer type, not " + type);
        }
    }

    private long fileSizeDelta(Node valueNode, String label, Matcher fileSize, String text) throws SpecException {
        if (fileSize.group(1) == null) {
            return 0;
        }
        BigInteger magnitude = SpecNodes.parseInteger(fileSize.group(2));
        if (magnitude == null || magnitude.signum() < 0 || magnitude.bitLength() > 63) {
            throw nodes.error(valueNode, label, text + ": N must be a non-negative integer (decimal or 0x hex)");
        }
        return fileSize.group(1).equals("-") ? -magnitude.longValueExact() : magnitude.longValueExact();
    }

    private void requireInsideHeader(Node node, String label, int offset, int width) throws SpecException {
        if ((long) offset + width > headerLength) {
            throw nodes.error(node, label, "bytes [" + offset + "," + ((long) offset + width)
                    + ") lie past headerLength=" + headerLength);
        }
    }
}
