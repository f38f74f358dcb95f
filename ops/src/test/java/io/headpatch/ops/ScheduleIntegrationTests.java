package io.headpatch.ops;

import io.headpatch.job.demo.FhdrFiles;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.ops.schedule.StopSignal;
import io.headpatch.ops.support.Cli;
import io.headpatch.ops.support.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cron schedule every second, stopped after a few seconds: separate job instances, never two runs at once; later
 * fires over done files report them ALREADY_DONE, or UNCHANGED when incremental. A database per test.
 */
class ScheduleIntegrationTests {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.perTest();

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aScheduleEverySecondFiresSeparateInstancesWithoutOverlap() throws Exception {
        // given
        FhdrFiles.generate(files, 20, 21);
        StopSignal stop = new StopSignal();
        Cli cli = Cli.onDatabase(database.url(), database.user(), home, stop);

        // when
        CompletableFuture<Result> schedule = CompletableFuture.supplyAsync(() -> cli.run("schedule", "--cron", "* * * * * *",
                "launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "2"));
        awaitInstances(2, 60);
        stop.stop();
        Result result = schedule.get(60, TimeUnit.SECONDS);

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("fired ", "schedule '* * * * * *' stopped");
        List<Run> runs = new JdbcTemplate(database.dataSource()).query("""
                SELECT e.job_instance_id, e.start_time, e.end_time, e.status
                FROM batch_job_execution e ORDER BY e.start_time""",
                (rs, i) -> new Run(rs.getLong(1), rs.getObject(2, LocalDateTime.class), rs.getObject(3, LocalDateTime.class),
                        rs.getString(4)));
        assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
        assertThat(runs).extracting(Run::instance).doesNotHaveDuplicates();
        assertThat(runs).filteredOn(run -> run.status().equals("COMPLETED")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(runs).allSatisfy(run -> assertThat(run.status()).isIn("COMPLETED", "STOPPED"));
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).start()).as("run %d starts after run %d ended", i, i - 1)
                    .isAfterOrEqualTo(runs.get(i - 1).end());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theSecondFireOverDoneFilesReportsThemAlreadyDone() throws Exception {
        // given
        FhdrFiles.generate(files, 30, 22);
        StopSignal stop = new StopSignal();
        Cli cli = Cli.onDatabase(database.url(), database.user(), home, stop);

        // when
        CompletableFuture<Result> schedule = CompletableFuture.supplyAsync(() -> cli.run("schedule", "--cron", "* * * * * *",
                "launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "2"));
        awaitInstances(2, 90);
        stop.stop();
        Result result = schedule.get(60, TimeUnit.SECONDS);

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> counts = outcomeCountsOfCompletedRuns();
        assertThat(counts.get(0)).isEqualTo("PATCHED 30");
        assertThat(counts.get(1)).isEqualTo("ALREADY_DONE 30");
        assertThat(result.out()).contains("COMPLETED, 30 files (ALREADY_DONE 30)");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anIncrementalScheduleFindsTheFilesUnchangedOnceTheyWereReadDone() throws Exception {
        // given
        FhdrFiles.generate(files, 30, 23);
        StopSignal stop = new StopSignal();
        Cli cli = Cli.onDatabase(database.url(), database.user(), home, stop);

        // when
        CompletableFuture<Result> schedule = CompletableFuture.supplyAsync(() -> cli.run("schedule", "--cron", "* * * * * *",
                "launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "2", "--incremental"));
        awaitInstances(3, 90);
        stop.stop();
        Result result = schedule.get(60, TimeUnit.SECONDS);

        // then: patched, then re-read once (headpatch's write moved the ctime), then unchanged
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> counts = outcomeCountsOfCompletedRuns();
        assertThat(counts.subList(0, 3)).containsExactly("PATCHED 30", "ALREADY_DONE 30", "UNCHANGED 30");
        assertThat(result.out()).contains("COMPLETED, 30 files (UNCHANGED 30)");
    }

    /** "OUTCOME COUNT, ..." of each COMPLETED run of this test's database, oldest first. */
    private static List<String> outcomeCountsOfCompletedRuns() {
        return new JdbcTemplate(database.dataSource()).queryForList("""
                SELECT (SELECT STRING_AGG(o.outcome || ' ' || o.files, ', ' ORDER BY o.outcome)
                        FROM (SELECT outcome, COUNT(*) AS files FROM hp_outcome WHERE manifest_id = s.manifest_id GROUP BY outcome) o)
                FROM hp_job_summary s WHERE s.status = 'COMPLETED' ORDER BY s.job_instance_id""", String.class);
    }

    private static void awaitInstances(int count, int seconds) throws InterruptedException {
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Long completed = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM batch_job_execution WHERE status = 'COMPLETED'", Long.class);
            if (completed != null && completed >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " scheduled runs completed within " + seconds + " s");
    }

    private record Run(long instance, LocalDateTime start, LocalDateTime end, String status) {
    }
}
