package io.headpatch.perf.bench;

import io.headpatch.job.support.TestServer;
import io.headpatch.perf.PerfRun;
import io.headpatch.ops.output.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** perf/bench incremental end to end on 2,000 files, so that it cannot rot: its launches, tables and JSON. */
class IncrementalSmokeIntegrationTests {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void fullAndIncrementalLaunchesOnTwoThousandFiles() throws Exception {
        // given
        Path results = dir.resolve("results");

        // when
        PerfRun run = PerfRun.of("incremental", "--files", "2000", "--dir", dir.toString(),
                "--results", results.toString(), "--db", TestServer.get().adminUrl(), "--db-user", TestServer.get().user());

        // then
        String output = run.output();
        assertThat(run.exit()).as(output).isZero();
        assertThat(output).contains("| launch | files | outcomes | time (s) | files/s | scan (s) | patch (s) | rest (s) | CPU s: JVM + DB |",
                "| s | calls | rows | statement |", "| launch | rows per file | hp_file B/file | hp_outcome B/file |",
                "incremental / full: time ");
        Map<String, Object> json = json(results);
        List<Map<String, Object>> launches = (List<Map<String, Object>>) json.get("launches");
        assertThat(launches).extracting(launch -> launch.get("outcomes")).containsExactly(
                Map.of("PATCHED", 2000), Map.of("ALREADY_DONE", 2000), Map.of("PATCHED", 20, "UNCHANGED", 2000),
                Map.of("ALREADY_DONE", 20, "UNCHANGED", 2000));
        for (Map<String, Object> launch : launches) {
            assertThat(((Number) launch.get("jvmCpuSeconds")).doubleValue()).as("CPU of %s", launch.get("label")).isPositive();
        }
        // an incremental launch adds rows for the files it read only; it carries the rest by range
        assertThat(launches).extracting(launch -> ((Number) ((Map<?, ?>) launch.get("rowsAdded")).get("hp_file")).longValue())
                .containsExactly(2000L, 2000L, 20L, 20L);
        assertThat(launches).extracting(launch -> ((Number) ((Map<?, ?>) launch.get("rowsAdded")).get("hp_carried")).longValue())
                .containsExactly(0L, 0L, 1L, 1L);
        // the launches that patched files keep their journal, and the re-run whose files they carry stays with them
        Map<?, ?> prune = (Map<?, ?>) json.get("prune");
        assertThat(((Number) prune.get("keptForRollback")).longValue()).isEqualTo(2);
        assertThat(((Number) prune.get("keptCarried")).longValue()).isEqualTo(1);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("the generated tree is deleted").noneMatch(path -> path.getFileName().toString().startsWith("tree-"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path results) throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            List<Path> json = files.filter(file -> file.getFileName().toString().endsWith(".json")).toList();
            assertThat(json).hasSize(1);
            return Json.MAPPER.readValue(json.get(0).toFile(), Map.class);
        }
    }
}
