package io.headpatch.perf.bench;

import io.headpatch.job.support.TestServer;
import io.headpatch.perf.PerfRun;
import io.headpatch.ops.output.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * perf/bench end to end on 2,000 files, every contestant, so that the benchmark cannot rot: it runs, every
 * headpatch contestant patches every file, the table has its columns, and the files keep their bodies. Its system
 * call count is also the smoke test of the engine's budget: at most 12 calls per file in the patch (the confined open,
 * one statx, one pread, the mapping, the header's lock and unlock, the check before the write's three, the statx after it, the
 * sync, the close),
 * and the scan's one statx.
 */
class BenchSmokeIntegrationTests {

    private static final int FILES = 2_000;
    private static final int HEADER_LENGTH = 64;

    @TempDir
    Path dir;

    @Test
    void everyContestantRunsOnTwoThousandFilesAndLeavesEveryBodyIntact() throws Exception {
        // given: the tree, generated the way the bench generates it, and every file's bytes before
        BenchTree tree = BenchTree.prepare(dir, FILES, new Log(new PrintStream(new ByteArrayOutputStream())));
        Map<Path, byte[]> before = new HashMap<>();
        for (Path file : BenchTree.list(tree.root())) {
            before.put(file, Files.readAllBytes(file));
        }
        Path results = dir.resolve("results");

        // when
        PerfRun run = PerfRun.of("bench", "--files", "2000",
                "--dir", dir.toString(), "--results", results.toString(), "--peer-sample", "50", "--heap", "256m",
                "--db", TestServer.get().adminUrl(), "--db-user", TestServer.get().user(),
                "--syscall-sample", "0");

        // then
        String output = run.output();
        assertThat(run.exit()).as(output).isZero();
        assertThat(output).contains(
                "| contestant | files | time (s) | files/s | × floor | × its floor | × peer | CPU µs/file | syscalls/file |");
        List<Map<String, Object>> rows = rows(results);
        assertThat(rows).extracting(row -> (String) row.get("contestant")).containsAll(
                Arrays.stream(Bench.Contestant.values()).map(contestant -> contestant.label).toList());
        for (Map<String, Object> row : rows) {
            assertThat(((Number) row.get("files")).longValue()).as("files of %s", row.get("contestant")).isEqualTo(FILES);
            assertThat((String) row.get("note")).as("note of %s", row.get("contestant")).doesNotContain("NOT ALL PATCHED");
            Map<?, ?> figures = (Map<?, ?>) row.get("figures");
            if (figures.containsKey("outcomes")) {
                assertThat(((Number) ((Map<?, ?>) figures.get("outcomes")).get("PATCHED")).longValue())
                        .as("PATCHED by %s", row.get("contestant")).isEqualTo(FILES);
                assertThat(((Number) figures.get("cpuSeconds")).doubleValue()).as("CPU of %s", row.get("contestant")).isPositive();
                if (row.get("contestant").toString().contains("embedded")) {
                    // the embedded servers load pg_stat_statements: the journal's insert is among the server's statements
                    assertThat((List<?>) figures.get("serverStatements")).as("server statements of %s", row.get("contestant"))
                            .extracting(statement -> ((Map<?, ?>) statement).get("query").toString())
                            .anyMatch(query -> query.contains("hp_journal"));
                }
            }
        }
        // the last contestant (headpatch) left every file at v1.3, its body and length as generated
        for (Map.Entry<Path, byte[]> file : before.entrySet()) {
            byte[] now = Files.readAllBytes(file.getKey());
            byte[] was = file.getValue();
            assertThat(now).as("length of %s", file.getKey()).hasSameSizeAs(was);
            assertThat(Arrays.copyOfRange(now, 0, 4)).as("magic of %s", file.getKey())
                    .isEqualTo("FILE".getBytes(StandardCharsets.US_ASCII));
            assertThat(Arrays.copyOfRange(now, 62, 64)).as("version of %s", file.getKey()).isEqualTo(new byte[] {1, 3});
            assertThat(Arrays.copyOfRange(now, HEADER_LENGTH, now.length)).as("body of %s", file.getKey())
                    .isEqualTo(Arrays.copyOfRange(was, HEADER_LENGTH, was.length));
        }
    }

    @Test
    void theDefaultModeMakesAtMostTwelveSystemCallsPerFile() throws Exception {
        // given
        Path results = dir.resolve("results");

        // when: headpatch in the default mode (mmap, batch sync) on 2,000 files, counted by strace
        PerfRun run = PerfRun.of("bench", "--files", "2000", "--only", Bench.Contestant.SERVER_MMAP.name(),
                "--dir", dir.toString(), "--results", results.toString(), "--heap", "256m", "--syscall-sample", "2000",
                "--db", TestServer.get().adminUrl(), "--db-user", TestServer.get().user());

        // then
        assertThat(run.exit()).as(run.output()).isZero();
        Map<?, ?> figures = figures(rows(results), Bench.Contestant.SERVER_MMAP.label);
        double patch = ((Number) figures.get("patchFileCallsPerFile")).doubleValue();
        double scan = ((Number) figures.get("scanFileCallsPerFile")).doubleValue();
        assertThat(patch).as("patch calls per file: %s", figures.get("patchFileCallsByCall")).isBetween(4.0, 12.0);
        assertThat(scan).as("scan calls per file (one statx, the folder listings shared by their files)").isBetween(1.0, 1.05);
        assertThat(((Number) figures.get("syscallsPerFile")).doubleValue()).as("every call of the launch, per file")
                .isGreaterThanOrEqualTo(patch + scan);
        assertThat(run.output()).containsPattern("\\| headpatch mmap, server \\| 2,000 \\|( [^|]* \\|){6} \\d+\\.\\d \\|");
    }

    private static Map<?, ?> figures(List<Map<String, Object>> rows, String contestant) {
        return rows.stream().filter(row -> row.get("contestant").equals(contestant)).map(row -> (Map<?, ?>) row.get("figures"))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Path results) throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            List<Path> json = files.filter(file -> file.getFileName().toString().endsWith(".json")).toList();
            assertThat(json).hasSize(1);
            Map<String, Object> written = Json.MAPPER.readValue(json.get(0).toFile(), Map.class);
            return (List<Map<String, Object>>) written.get("rows");
        }
    }
}
