package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.schedule.StopSignal;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli;
import io.headpatch.ops.support.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cron schedule every second: separate job instances, never two runs at once; a run held longer
 * than the period skips fires, and a second scheduler of the same schedule waits for the lock; later
 * fires over done files report them ALREADY_DONE, or UNCHANGED when incremental. A database per test.
 */
class ScheduleIntegrationTests {

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perTest();

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
        Cli cli = database.cli(home, stop);

        // when
        CompletableFuture<Result> schedule = CompletableFuture.supplyAsync(() -> cli.run("schedule", "--cron", "* * * * * *",
                "launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "2"));
        awaitInstances(2, 60);
        stop.stop();
        Result result = schedule.get(60, TimeUnit.SECONDS);

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("fired ", "schedule '* * * * * *' stopped");
        List<Run> runs = database.jdbc().query("""
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
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aRunLongerThanThePeriodSkipsFiresAndAnotherSchedulerWaitsForTheLock(@TempDir Path otherHome) throws Exception {
        // given: hp_manifest locked, so the first run's scan waits across many cron periods
        FhdrFiles.generate(files, 20, 22);
        StopSignal stopFirst = new StopSignal();
        StopSignal stopSecond = new StopSignal();
        Cli first = database.cli(home, stopFirst);
        Cli second = database.cli(otherHome, stopSecond);
        String[] schedule = {"schedule", "--cron", "* * * * * *", "--name", "held", "launch", "--spec", "fhdr-v1.3",
                "--root", files.toString(), "--partitions", "2"};
        StringWriter firstErr = new StringWriter();
        StringWriter secondErr = new StringWriter();
        CompletableFuture<Result> firstRun;
        CompletableFuture<Result> secondRun;
        try (Connection holder = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE hp_manifest IN EXCLUSIVE MODE");
            }

            // when: both schedulers fire while the first run is held
            firstRun = CompletableFuture.supplyAsync(() -> first.run(new StringWriter(), firstErr, schedule));
            awaitText(firstErr, "is still going", 2, 60);
            secondRun = CompletableFuture.supplyAsync(() -> second.run(new StringWriter(), secondErr, schedule));
            awaitText(secondErr, "another scheduler holds schedule", 2, 60);

            // then: one execution while the run is held, whatever the fires
            assertThat(database.jdbc().queryForObject("SELECT COUNT(*) FROM batch_job_execution", Long.class))
                    .isEqualTo(1L);
            holder.rollback();
        }
        awaitInstances(1, 120);
        stopFirst.stop();
        stopSecond.stop();
        Result firstResult = firstRun.get(120, TimeUnit.SECONDS);
        Result secondResult = secondRun.get(120, TimeUnit.SECONDS);

        // then: both ended cleanly, and no two runs of the schedule overlapped
        assertThat(firstResult.exitCode()).as(firstResult.toString()).isZero();
        assertThat(secondResult.exitCode()).as(secondResult.toString()).isZero();
        assertThat(firstResult.out()).contains("fired ");
        List<Run> runs = database.jdbc().query("""
                SELECT e.job_instance_id, e.start_time, e.end_time, e.status
                FROM batch_job_execution e ORDER BY e.start_time""",
                (rs, i) -> new Run(rs.getLong(1), rs.getObject(2, LocalDateTime.class), rs.getObject(3, LocalDateTime.class),
                        rs.getString(4)));
        assertThat(runs).extracting(Run::instance).doesNotHaveDuplicates();
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).start()).as("run %d starts after run %d ended", i, i - 1)
                    .isAfterOrEqualTo(runs.get(i - 1).end());
        }
    }

    /** Waits until {@code text} appears {@code times} times in what a running command has written. */
    private static void awaitText(StringWriter written, String text, int times, int seconds) {
        await("'" + text + "' written " + times + " times").atMost(seconds, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(written.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1)
                        .as(written.toString()).isGreaterThanOrEqualTo(times));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theSecondFireOverDoneFilesReportsThemAlreadyDone() throws Exception {
        // given
        FhdrFiles.generate(files, 30, 22);
        StopSignal stop = new StopSignal();
        Cli cli = database.cli(home, stop);

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
        Cli cli = database.cli(home, stop);

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

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void fullEveryTwoFiresPlansEveryFileOnTheFirstAndThirdFire() throws Exception {
        // given
        FhdrFiles.generate(files, 30, 24);
        StopSignal stop = new StopSignal();
        Cli cli = database.cli(home, stop);

        // when
        CompletableFuture<Result> schedule = CompletableFuture.supplyAsync(() -> cli.run("schedule", "--cron", "* * * * * *",
                "--full-every", "2", "launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "2",
                "--incremental"));
        awaitInstances(4, 120);
        stop.stop();
        Result result = schedule.get(60, TimeUnit.SECONDS);

        // then: full, incremental (re-reads what headpatch wrote), full (reads every file again), incremental
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(outcomeCountsOfCompletedRuns().subList(0, 4))
                .containsExactly("PATCHED 30", "ALREADY_DONE 30", "ALREADY_DONE 30", "UNCHANGED 30");
        assertThat(database.jdbc().queryForList("SELECT incremental FROM hp_job_summary WHERE status = 'COMPLETED'"
                + " ORDER BY job_instance_id", Boolean.class).subList(0, 4)).containsExactly(false, true, false, true);
    }

    @Test
    void fullEveryWithoutIncrementalIsAUsageError() {
        Result result = database.cli(home, new StopSignal()).run("schedule", "--cron", "* * * * * *", "--full-every", "2",
                "launch", "--spec", "fhdr-v1.3", "--root", files.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--full-every needs launch --incremental");
    }

    /** "OUTCOME COUNT, ..." of each COMPLETED run of this test's database, oldest first. */
    private static List<String> outcomeCountsOfCompletedRuns() {
        return database.jdbc().queryForList("""
                SELECT (SELECT STRING_AGG(o.outcome || ' ' || o.files, ', ' ORDER BY o.outcome)
                        FROM (SELECT outcome, COUNT(*) AS files FROM hp_file_report WHERE manifest_id = s.manifest_id GROUP BY outcome) o)
                FROM hp_job_summary s WHERE s.status = 'COMPLETED' ORDER BY s.job_instance_id""", String.class);
    }

    private static void awaitInstances(int count, int seconds) {
        JdbcTemplate jdbc = database.jdbc();
        await(count + " scheduled runs completed").atMost(seconds, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_execution WHERE status = 'COMPLETED'", Long.class),
                        completed -> completed >= count);
    }

    private record Run(long instance, LocalDateTime start, LocalDateTime end, String status) {
    }
}
