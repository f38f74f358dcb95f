package io.headpatch.perf.bench;

import io.headpatch.ops.output.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs one contestant in a JVM of its own, so that its peak RSS and heap are its own: the task goes in as a JSON
 * file, the child's figures come back as another. The child gets the Chronicle flags (system property
 * {@code headpatch.jvmFlags}, set by {@code perf/bench}), a fixed maximum heap, and optionally a JFR recording.
 */
final class ChildJvm {

    private final Path workDir;
    private final String maxHeap;
    private final boolean profile;

    ChildJvm(Path workDir, String maxHeap, boolean profile) {
        this.workDir = workDir;
        this.maxHeap = maxHeap;
        this.profile = profile;
    }

    /** Runs {@code main}'s {@code main(taskFile, resultFile)} to its end; its output goes to {@code <name>.log}. */
    Map<String, Object> run(String name, Class<?> main, Object task) throws IOException, InterruptedException {
        Path taskFile = workDir.resolve(name + ".task.json");
        Path resultFile = workDir.resolve(name + ".result.json");
        Path log = workDir.resolve(name + ".log");
        Files.deleteIfExists(resultFile);
        Files.writeString(taskFile, Json.MAPPER.writeValueAsString(task));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("headpatch.jvmFlags", "").trim().split("\\s+")));
        command.add("-Xmx" + maxHeap);
        if (profile) {
            command.add("-XX:StartFlightRecording=filename=" + workDir.resolve(name + ".jfr") + ",settings=profile");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(),
                taskFile.toString(), resultFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        if (exit != 0 || !Files.exists(resultFile)) {
            throw new IllegalStateException(name + " failed (exit " + exit + "); see " + log);
        }
        return read(resultFile);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) {
        return Json.MAPPER.readValue(file.toFile(), Map.class);
    }

    /** The child's side: reads its task. */
    static <T> T task(String file, Class<T> type) {
        return Json.MAPPER.readValue(Path.of(file).toFile(), type);
    }

    /** The child's side: hands its figures back. */
    static void result(String file, Map<String, Object> figures) throws IOException {
        Files.writeString(Path.of(file), Json.MAPPER.writeValueAsString(figures));
    }
}
