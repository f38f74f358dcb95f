package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli.Result;
import io.headpatch.ops.support.Csv;
import io.headpatch.ops.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end on the built jar, as real processes: launch, kill -9 in the middle, status, restart,
 * report (CSV, one row per file), verify, rollback, and every file back to its original bytes.
 */
class CrashAndRestartIntegrationTests {

    private static final int FILES = 20_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aKilledLaunchRestartsToCompletionAndRollsBackToTheOriginalBytes() throws Exception {
        // given
        List<Path> generated = FhdrFiles.generate(files, FILES, 42);
        Map<Path, byte[]> originals = new HashMap<>();
        generated.forEach(file -> originals.put(file.toAbsolutePath(), read(file)));
        JarProcess headpatch = database.jar(home);
        JdbcTemplate jdbc = database.jdbc();

        // when the launch is killed once some chunks are committed
        Process launch = headpatch.start("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "8",
                "--threads", "2", "--chunk", "100", "--sync", "each");
        long decidedAtKill = awaitProgress(jdbc, launch);
        launch.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long execution = database.latestExecution();
        Result status = headpatch.run("status", Long.toString(execution), "--format", "json");
        Thread.sleep(1_100);
        Result statusAgain = headpatch.run("status", Long.toString(execution), "--format", "json");
        Result text = headpatch.run("status", Long.toString(execution));
        Result list = headpatch.run("status");
        JsonNode ownerIsThisJvm = statusOwnedBy(headpatch, jdbc, execution, ProcessHandle.current().info().startInstant()
                .orElseThrow().toEpochMilli());
        JsonNode pidReused = statusOwnedBy(headpatch, jdbc, execution, ProcessHandle.current().info().startInstant()
                .orElseThrow().toEpochMilli() - 3_600_000);
        Result restart = headpatch.run("restart", Long.toString(execution), "--format", "json");

        // then the killed execution is left STARTED (or FAILED) and the restart completes every file
        assertThat(decidedAtKill).isLessThan(FILES);
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(JSON.readTree(status.out()).get("status").asString()).isIn("STARTED", "STARTING", "FAILED");
        // the dead owner is shown with the command that recovers it, and its speed no longer falls
        JsonNode dead = JSON.readTree(status.out());
        assertThat(dead.get("schemaVersion").asInt()).isEqualTo(2);
        if (!dead.get("status").asString().equals("FAILED")) {
            assertThat(dead.get("ownerGone").asBoolean()).as(status.toString()).isTrue();
            assertThat(dead.get("recover").asString()).isEqualTo("headpatch restart " + execution);
            assertThat(dead.get("exitCode").asInt()).isEqualTo(ExitCodes.FAILED);
            assertThat(JSON.readTree(statusAgain.out()).get("filesPerSecond").asDouble())
                    .isEqualTo(dead.get("filesPerSecond").asDouble());
            assertThat(text.out()).contains("is gone", "recover it with: headpatch restart " + execution)
                    .contains("files/s until it was last seen");
            assertThat(list.out()).contains("execution " + execution + ": its process").contains("headpatch restart " + execution);
            // a live process with the recorded pid and start time is the owner; with another start time, the pid was reused
            assertThat(ownerIsThisJvm.get("ownerGone").asBoolean()).isFalse();
            assertThat(ownerIsThisJvm.get("exitCode").isNull()).isTrue();
            assertThat(pidReused.get("ownerGone").asBoolean()).isTrue();
        }
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        JsonNode restarted = JSON.readTree(restart.out());
        assertThat(restarted.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(restarted.get("jobInstanceId").asLong()).isEqualTo(JSON.readTree(status.out()).get("jobInstanceId").asLong());
        JsonNode counts = restarted.get("files");
        assertThat(counts.get("total").asLong()).isEqualTo(FILES);
        assertThat(counts.get("PATCHED").asLong() + counts.get("ALREADY_DONE").asLong() + counts.get("REPAIRED").asLong())
                .isEqualTo(FILES);

        // when
        Path csv = home.resolve("report.csv");
        Result report = headpatch.run("report", Long.toString(restarted.get("executionId").asLong()), "--format", "csv",
                "--files", "all", "--output", csv.toString());

        // then one row per file, each at its target
        assertThat(report.exitCode()).as(report.toString()).isZero();
        List<List<String>> rows = Csv.parse(Files.readString(csv));
        assertThat(rows.get(0)).containsExactly("path", "outcome", "reason", "before_hex", "after_hex");
        assertThat(rows.subList(1, rows.size())).hasSize(FILES)
                .allSatisfy(row -> assertThat(row.get(1)).isIn("PATCHED", "ALREADY_DONE", "REPAIRED"));
        assertThat(rows.subList(1, rows.size())).extracting(row -> Path.of(row.get(0))).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(originals.keySet());

        // when
        Result verify = headpatch.run("verify", Long.toString(execution));
        Result rollback = headpatch.run("rollback", Long.toString(execution));

        // then
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).doesNotContain("MISMATCH");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        Set<Path> notRestored = new TreeSet<>();
        originals.forEach((file, bytes) -> {
            if (!Arrays.equals(read(file), bytes)) {
                notRestored.add(file);
            }
        });
        assertThat(notRestored).as("files not back to their original bytes").isEmpty();
    }

    /** The execution's status, its owner row faked to this test JVM's pid with the given start time. */
    private static JsonNode statusOwnedBy(JarProcess headpatch, JdbcTemplate jdbc, long execution, long startedAt)
            throws Exception {
        jdbc.update("UPDATE hp_execution_owner SET pid = ?, pid_started_at = ? WHERE job_execution_id = ?",
                ProcessHandle.current().pid(), startedAt, execution);
        Result status = headpatch.run("status", Long.toString(execution), "--format", "json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        return JSON.readTree(status.out());
    }

    /** Waits until some files are decided but the launch is still running; returns how many were decided. */
    private static long awaitProgress(JdbcTemplate jdbc, Process launch) {
        return await("the launch decided 1,000 files").atMost(3, TimeUnit.MINUTES).pollInterval(50, TimeUnit.MILLISECONDS)
                .failFast("the launch ended before it could be killed", () -> !launch.isAlive())
                .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome", Long.class), decided -> decided >= 1_000);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
