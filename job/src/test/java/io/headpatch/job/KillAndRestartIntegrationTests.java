package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.support.ChildJvm;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a child JVM running the job, at six moments, then one restart that COMPLETES: every
 * header right, every body byte-identical, the journal holding every file's true original.
 */
class KillAndRestartIntegrationTests {

    private static final int FILES = 6_000;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    enum Moment {
        DURING_SCAN, EARLY, MIDDLE, LATE, DURING_COMMIT,
        /**
         * Killed while stopping: the owner had written its job STOPPED (without an end time) when a partition stopped,
         * the other partitions still STARTED, which is what a second Ctrl-C leaves.
         */
        WHILE_STOPPING
    }

    @ParameterizedTest
    @EnumSource(Moment.class)
    void restartsAfterKillNineFinishWithEveryFileRight(Moment moment, @TempDir Path dir) throws Exception {
        // given
        List<Path> files = FhdrTree.generate(dir, FILES, moment.ordinal() + 100);
        FhdrExpectations expected = new FhdrExpectations(files);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        String runId = "kill-" + moment;

        // when: a child launches and is killed at the moment
        Process child = start(moment == Moment.DURING_COMMIT
                ? List.of("launch", db.url(), dir.toString(), runId, "40")
                : List.of("launch", db.url(), dir.toString(), runId));
        waitFor(moment, child, jdbc, runId);
        Long instanceId = instanceId(jdbc, runId);
        assertThat(instanceId).as("the killed child created its job instance").isNotNull();
        long killed = jdbc.queryForObject(
                "SELECT MAX(job_execution_id) FROM batch_job_execution WHERE job_instance_id = ?", Long.class, instanceId);
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        // then: the killed execution is left STARTED, and one restart (in a child JVM too) COMPLETES it
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class, killed))
                .as("killed before its end").isEqualTo(ExecutionStatus.STARTED.name());
        if (moment == Moment.WHILE_STOPPING) {
            jdbc.update("UPDATE batch_job_execution SET status = 'STOPPED', exit_code = 'STOPPED' WHERE job_execution_id = ?", killed);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_step_execution WHERE job_execution_id = ? AND status = 'STARTED'",
                    Long.class, killed)).as("partitions left STARTED").isPositive();
        }
        Process restart = start(List.of("restart", db.url(), Long.toString(killed)));
        List<String> out = output(restart);
        assertThat(restart.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("STATUS COMPLETED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_execution WHERE job_instance_id = ?", Long.class, instanceId))
                .as("the killed execution and its one restart").isEqualTo(2L);
        long timestamp = jdbc.queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?", Long.class, instanceId);
        expected.assertAllPatched(timestamp);
        long manifestId = jdbc.queryForObject("SELECT manifest_id FROM hp_manifest WHERE job_instance_id = ?", Long.class, instanceId);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome WHERE manifest_id = ?", Long.class, manifestId))
                .isEqualTo((long) FILES);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome WHERE manifest_id = ? AND outcome NOT IN ('PATCHED', 'ALREADY_DONE', 'REPAIRED')",
                Long.class, manifestId)).isZero();
        List<String> wrongOriginals = new ArrayList<>();
        jdbc.query("SELECT f.path, j.before_bytes FROM hp_journal j JOIN hp_file f USING (file_id) WHERE j.manifest_id = ?", rs -> {
            Path path = Path.of(rs.getString(1));
            if (!Arrays.equals(rs.getBytes(2), Arrays.copyOf(expected.original(path), 64))) {
                wrongOriginals.add(path.toString());
            }
        }, manifestId);
        assertThat(wrongOriginals).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_journal WHERE manifest_id = ?", Long.class, manifestId))
                .isEqualTo((long) FILES);
    }

    private static void waitFor(Moment moment, Process child, JdbcTemplate jdbc, String runId) {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        // a scan is short: polled every millisecond so as not to miss it
        await("moment " + moment).atMost(120, TimeUnit.SECONDS)
                .pollInterval(moment == Moment.DURING_SCAN ? 1 : 20, TimeUnit.MILLISECONDS)
                .failFast("the child ended before the kill", () -> !child.isAlive())
                .until(() -> moment == Moment.DURING_COMMIT
                        ? out.lines().anyMatch("IN_COMMIT"::equals)
                        : reached(moment, jdbc, runId));
    }

    private static boolean reached(Moment moment, JdbcTemplate jdbc, String runId) {
        Long instanceId = instanceId(jdbc, runId);
        if (instanceId == null) {
            return false;
        }
        // the scan commits its rows at its end, so "during" is: the scan step has started and not ended
        boolean scanning = jdbc.queryForObject("SELECT COUNT(*) FROM batch_step_execution s JOIN batch_job_execution e USING (job_execution_id) "
                + "WHERE e.job_instance_id = ? AND s.step_name = 'scan' AND s.status = 'STARTED'", Long.class, instanceId) > 0;
        Long decided = jdbc.query("SELECT COUNT(*) FROM hp_outcome o JOIN hp_manifest m USING (manifest_id) WHERE m.job_instance_id = ?",
                rs -> rs.next() ? rs.getLong(1) : 0L, instanceId);
        return switch (moment) {
            case DURING_SCAN -> scanning;
            case EARLY, WHILE_STOPPING -> decided >= FILES / 20;
            case MIDDLE -> decided >= FILES / 2;
            case LATE -> decided >= FILES * 9 / 10;
            case DURING_COMMIT -> false;
        };
    }

    private static Long instanceId(JdbcTemplate jdbc, String runId) {
        return jdbc.query("SELECT job_instance_id FROM batch_job_execution e JOIN batch_job_execution_params p USING (job_execution_id) "
                + "WHERE p.parameter_name = 'run.id' AND p.parameter_value = ? LIMIT 1", rs -> rs.next() ? rs.getLong(1) : null, runId);
    }

    private static Process start(List<String> args) throws Exception {
        return ChildJvm.start(CrashChild.class, args);
    }

    private static List<String> output(Process process) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
