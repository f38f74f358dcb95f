package io.headpatch.ops.support;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The headpatch command lines written into deployment files: each systemd unit's {@code ExecStart=} and each
 * Kubernetes container's {@code args} (the image's entry point is bin/headpatch), as the words headpatch gets.
 */
public final class DeployedCommandLines {

    /** What systemd puts for the specifiers the units use (%i the instance, %H the host name). */
    private static final Map<String, String> SPECIFIERS = Map.of("%i", "nightly", "%H", "host1", "%%", "%");

    private DeployedCommandLines() {
    }

    /** Every {@code ExecStart=} of the units in {@code folder}, by "file: line", without the program itself. */
    public static Map<String, List<String>> systemdUnits(Path folder) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (Path unit : files(folder, ".service")) {
            for (String line : readLines(unit)) {
                if (line.startsWith("ExecStart=")) {
                    List<String> words = systemdWords(line.substring("ExecStart=".length()));
                    lines.put(unit.getFileName() + ": " + line, words.subList(1, words.size()));
                }
            }
        }
        return lines;
    }

    /** The program of every {@code ExecStart=} in {@code folder}'s units. */
    public static List<String> systemdPrograms(Path folder) {
        List<String> programs = new ArrayList<>();
        for (Path unit : files(folder, ".service")) {
            for (String line : readLines(unit)) {
                if (line.startsWith("ExecStart=")) {
                    programs.add(systemdWords(line.substring("ExecStart=".length())).get(0));
                }
            }
        }
        return programs;
    }

    /** Every container's {@code args} in the YAML manifests of {@code folder}, by "file: kind/name/container". */
    public static Map<String, List<String>> kubernetesContainers(Path folder) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (Path manifest : files(folder, ".yaml")) {
            for (Object document : new Yaml().loadAll(readString(manifest))) {
                if (document instanceof Map<?, ?> resource && resource.get("metadata") instanceof Map<?, ?> metadata) {
                    String where = manifest.getFileName() + ": " + resource.get("kind") + "/" + metadata.get("name");
                    containersOf(resource).forEach(container -> lines.put(where + "/" + container.get("name"),
                            stringList(container.get("args"))));
                }
            }
        }
        return lines;
    }

    /** The containers of a Deployment (spec.template.spec) or a CronJob (spec.jobTemplate.spec.template.spec). */
    private static List<Map<?, ?>> containersOf(Map<?, ?> resource) {
        Map<?, ?> spec = (Map<?, ?>) resource.get("spec");
        if (spec != null && spec.get("jobTemplate") instanceof Map<?, ?> job) {
            spec = (Map<?, ?>) job.get("spec");
        }
        if (spec == null || !(spec.get("template") instanceof Map<?, ?> template)) {
            return List.of();
        }
        List<Map<?, ?>> containers = new ArrayList<>();
        for (Object container : (List<?>) ((Map<?, ?>) template.get("spec")).get("containers")) {
            containers.add((Map<?, ?>) container);
        }
        return containers;
    }

    /** systemd's splitting of a command line: words, '...' and "..." quoting, specifiers replaced. */
    static List<String> systemdWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '%' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                String specifier = line.substring(i, i + 2);
                word.append(SPECIFIERS.getOrDefault(specifier, specifier));
                i++;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in ExecStart=" + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private static List<String> stringList(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    private static List<Path> files(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLines(Path file) {
        return readString(file).lines().map(String::strip).toList();
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
