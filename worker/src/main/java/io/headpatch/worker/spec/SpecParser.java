package io.headpatch.worker.spec;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns spec YAML into a validated HeaderSpec. The YAML is only composed to a node tree, never
 * constructed into objects, so every refusal can name its line and no YAML tag can run code.
 */
final class SpecParser {

    static final int MAX_HEADER_LENGTH = 65536;
    private static final Set<String> KEYS = Set.of("name", "description", "headerLength", "match", "done", "set");

    private SpecParser() {
    }

    static HeaderSpec parse(String yaml, String sourceName, Map<String, String> parameters) throws SpecException {
        SortedMap<String, String> bound = new TreeMap<>(parameters);
        SpecNodes nodes = new SpecNodes(sourceName);
        Node root = compose(yaml, sourceName);
        Map<String, Node> top = nodes.mapping(root, "spec", KEYS);
        Node nameNode = required(nodes, root, top, "name");
        String name = nodes.text(nameNode, "name");
        if (name.isBlank()) {
            throw nodes.error(nameNode, "name", "name is empty");
        }
        String description = top.containsKey("description") ? nodes.text(top.get("description"), "description") : "";
        int headerLength = headerLength(nodes, required(nodes, root, top, "headerLength"));

        FieldParser fields = new FieldParser(nodes, headerLength, bound);
        List<Guard> guards = top.containsKey("match") ? guards(nodes, fields, top.get("match"), "match") : List.of();
        List<Guard> done = List.of();
        if (top.containsKey("done")) {
            done = guards(nodes, fields, top.get("done"), "done");
            if (done.isEmpty()) {
                // No check at all would hold for every file: every file would be called done and left alone.
                throw nodes.error(top.get("done"), "done", "an empty list would call every file done; give at least one check or leave done out");
            }
        }
        Node setNode = required(nodes, root, top, "set");
        List<Node> entries = nodes.sequence(setNode, "set");
        if (entries.isEmpty()) {
            throw nodes.error(setNode, "set", "a spec must set at least one field");
        }
        List<SetField> setFields = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            setFields.add(fields.setField(entries.get(i), "set[" + i + "]"));
        }
        requireNoOverlap(nodes, entries, setFields, headerLength);
        requireChecksumsInOrder(nodes, entries, setFields);
        requireAllParametersUsed(sourceName, bound, fields.usedParameters());
        return new HeaderSpec(name, description, headerLength, yaml, bound, guards, done, setFields);
    }

    private static List<Guard> guards(SpecNodes nodes, FieldParser fields, Node list, String key) throws SpecException {
        List<Node> entries = nodes.sequence(list, key);
        List<Guard> guards = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            guards.add(fields.guard(entries.get(i), key + "[" + i + "]"));
        }
        return guards;
    }

    private static Node compose(String yaml, String sourceName) throws SpecException {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark problemAt = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null || e.getContextMark() == null ? ""
                    : " (" + e.getContext() + " started on line " + line(e.getContextMark()) + ")";
            throw new SpecException(sourceName + " line " + line(problemAt) + ": YAML syntax: " + e.getProblem() + context, e);
        } catch (YAMLException e) {
            throw new SpecException(sourceName + ": YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new SpecException(sourceName + " line 1: spec: empty, expected name, headerLength, match and set");
        }
        return root;
    }

    private static int line(Mark mark) {
        return mark.getLine() + 1;
    }

    private static Node required(SpecNodes nodes, Node root, Map<String, Node> top, String key) throws SpecException {
        Node node = top.get(key);
        if (node == null) {
            throw nodes.error(root, key, "missing " + key);
        }
        return node;
    }

    private static int headerLength(SpecNodes nodes, Node node) throws SpecException {
        int headerLength = nodes.integer(node, "headerLength", "headerLength");
        if (headerLength <= 0 || headerLength > MAX_HEADER_LENGTH) {
            throw nodes.error(node, "headerLength", "headerLength=" + headerLength + " must be between 1 and "
                    + MAX_HEADER_LENGTH);
        }
        return headerLength;
    }

    /** Two set-fields writing one byte would make the result depend on their order: refused. */
    private static void requireNoOverlap(SpecNodes nodes, List<Node> entries, List<SetField> fields, int headerLength)
            throws SpecException {
        int[] writer = new int[headerLength];
        Arrays.fill(writer, -1);
        for (int i = 0; i < fields.size(); i++) {
            SetField field = fields.get(i);
            for (int b = field.offset(); b < field.offset() + field.width(); b++) {
                if (writer[b] >= 0) {
                    throw nodes.error(entries.get(i), field.label(), "writes byte " + b + ", as "
                            + fields.get(writer[b]).label() + " does; set-fields must not overlap");
                }
                writer[b] = i;
            }
        }
    }

    /**
     * Checksums are computed in the order given, each over the header as it is then; one that covers
     * a checksum computed after it would be stale, so the covered one has to be listed first.
     */
    private static void requireChecksumsInOrder(SpecNodes nodes, List<Node> entries, List<SetField> fields)
            throws SpecException {
        for (int i = 0; i < fields.size(); i++) {
            if (!(fields.get(i).value() instanceof FieldValue.Checksum range)) {
                continue;
            }
            for (int j = i + 1; j < fields.size(); j++) {
                SetField later = fields.get(j);
                if (later.isChecksum() && later.offset() < range.to() && range.from() < later.offset() + later.width()) {
                    throw nodes.error(entries.get(i), fields.get(i).label(), range.algorithm() + " range ["
                            + range.from() + "," + range.to() + ") covers " + later.label()
                            + ", a checksum computed after it; list " + later.label() + " first");
                }
            }
        }
    }

    private static void requireAllParametersUsed(String sourceName, SortedMap<String, String> given, Set<String> used)
            throws SpecException {
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new SpecException(sourceName + ": unknown parameter" + (unknown.size() > 1 ? "s" : "") + "="
                    + String.join(",", unknown) + ", spec uses: " + (used.isEmpty() ? "none" : String.join(", ", used)));
        }
    }
}
