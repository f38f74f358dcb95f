package io.headpatch.worker.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A validated header spec with its parameters bound: which files it applies to (guards), which are
 * already done (the {@code done} checks, optional) and what their first {@link #headerLength()} bytes
 * become (set-fields). Immutable, so one instance serves every worker thread.
 */
public final class HeaderSpec {

    private final String name;
    private final String description;
    private final int headerLength;
    private final String source;
    private final SortedMap<String, String> parameters;
    private final String hash;
    private final List<Guard> guards;
    /** Empty when the spec has no {@code done:} clause; never empty otherwise (the parser refuses that). */
    private final List<Guard> doneChecks;
    /** Plain fields in the order given, then checksums in the order given. */
    private final List<SetField> setFields;
    private final List<int[]> writtenRanges;

    HeaderSpec(String name, String description, int headerLength, String source, SortedMap<String, String> parameters,
            List<Guard> guards, List<Guard> doneChecks, List<SetField> setFields) {
        this.name = name;
        this.description = description;
        this.headerLength = headerLength;
        this.source = source;
        this.parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
        this.hash = hash(source, this.parameters);
        this.guards = List.copyOf(guards);
        this.doneChecks = List.copyOf(doneChecks);
        this.setFields = Stream.concat(setFields.stream().filter(field -> !field.isChecksum()),
                setFields.stream().filter(SetField::isChecksum)).toList();
        this.writtenRanges = coalesce(setFields);
    }

    /** Parses and validates YAML, binding named parameters ({@code ${major}}) now. */
    public static HeaderSpec load(String yaml, String sourceName, Map<String, String> parameters) throws SpecException {
        return SpecParser.parse(yaml, sourceName, parameters);
    }

    /** Loads a spec file (UTF-8); an unreadable file is a SpecException naming the path. */
    public static HeaderSpec load(Path file, Map<String, String> parameters) throws SpecException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException("cannot read spec file " + file + ": " + e, e);
        }
        return load(yaml, file.toString(), parameters);
    }

    /** A built-in template by name, or a file path if no template has that name. */
    public static HeaderSpec resolve(String nameOrFile, Map<String, String> parameters) throws SpecException {
        String template = BuiltInTemplates.source(nameOrFile);
        if (template != null) {
            return load(template, "built-in " + nameOrFile, parameters);
        }
        Path file = pathOrNull(nameOrFile);
        if (file != null && Files.exists(file)) {
            return load(file, parameters);
        }
        throw new SpecException("unknown spec " + nameOrFile + ": no built-in template has that name and no such file;"
                + " built-in templates: " + String.join(", ", BuiltInTemplates.descriptions().keySet()));
    }

    private static Path pathOrNull(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    public String name() {
        return name;
    }

    /** The one-line purpose from {@code description:}; empty when the spec has none. */
    public String description() {
        return description;
    }

    public int headerLength() {
        return headerLength;
    }

    /** The YAML text as given. */
    public String source() {
        return source;
    }

    /**
     * Lowercase hex SHA-256 of the source and the sorted bound parameters: the same spec with the
     * same parameters always has the same hash, so a restart can tell it is running the same patch.
     */
    public String hash() {
        return hash;
    }

    /** The bound parameters, sorted by name. */
    public Map<String, String> parameters() {
        return parameters;
    }

    public boolean usesJobTimestamp() {
        return setFields.stream().anyMatch(SetField::usesJobTimestamp);
    }

    /** Null when every guard holds, else a readable reason, e.g. "guard offset=0 expected=1f8b08 actual=504b03". */
    public String guardFailure(byte[] header) {
        requireHeader(header);
        for (Guard guard : guards) {
            String failure = guard.failure(header);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /**
     * True when the spec has a {@code done:} clause and every one of its checks holds: the file is
     * already migrated (e.g. at the new version with a valid checksum) and must be left as it is,
     * even though a target stamped with this job's timestamp would differ from it.
     */
    public boolean isDone(byte[] header) {
        requireHeader(header);
        return !doneChecks.isEmpty() && doneChecks.stream().allMatch(check -> check.failure(header) == null);
    }

    /**
     * A new array: {@code current} with every set-field applied in order, checksums computed last
     * over the result. Throws SpecValueException when a runtime value does not fit its field, e.g.
     * {@code ${file.size - 8}} negative or above the u32 maximum.
     */
    public byte[] target(byte[] current, long fileSize, long jobTimestampMillis) {
        requireHeader(current);
        if (fileSize < 0) {
            throw new IllegalArgumentException("fileSize=" + fileSize + " is negative");
        }
        byte[] target = current.clone();
        for (SetField field : setFields) {
            field.applyTo(target, fileSize, jobTimestampMillis);
        }
        return target;
    }

    /** Byte ranges {@code [from, to)}, sorted and merged, that set-fields (checksums too) may change; nothing else may. */
    public List<int[]> writtenRanges() {
        return writtenRanges.stream().map(int[]::clone).toList();
    }

    @Override
    public String toString() {
        return "HeaderSpec[" + name + ", parameters=" + parameters + ", hash=" + hash + "]";
    }

    private void requireHeader(byte[] header) {
        if (header.length != headerLength) {
            throw new IllegalArgumentException("header has " + header.length + " bytes, spec " + name + " needs "
                    + headerLength);
        }
    }

    private static List<int[]> coalesce(List<SetField> fields) {
        List<SetField> sorted = fields.stream().sorted(Comparator.comparingInt(SetField::offset)).toList();
        List<int[]> ranges = new ArrayList<>();
        for (SetField field : sorted) {
            int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[1] == field.offset()) {
                last[1] = field.offset() + field.width();
            } else {
                ranges.add(new int[] {field.offset(), field.offset() + field.width()});
            }
        }
        return List.copyOf(ranges);
    }

    /** Each string is length-prefixed, so no two (source, parameters) pairs feed the digest the same bytes. */
    private static String hash(String source, SortedMap<String, String> parameters) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        digest(sha256, source);
        parameters.forEach((key, value) -> {
            digest(sha256, key);
            digest(sha256, value);
        });
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void digest(MessageDigest sha256, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }
}
