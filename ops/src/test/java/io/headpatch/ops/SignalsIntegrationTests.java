package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli.Result;
import io.headpatch.ops.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM and Ctrl-C (SIGINT) sent to the built jar while it works: it stops at a chunk boundary,
 * says how to resume, exits 143/130, and the resumed run finishes every file. The process is frozen
 * with SIGSTOP while the signal is sent, so the signal lands in the middle of the work.
 */
class SignalsIntegrationTests {

    private static final int FILES = 20_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perTest();

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sigtermStopsALaunchAtAChunkBoundaryAndRestartFinishesIt() throws Exception {
        // given
        FhdrFiles.generate(files, FILES, 31);
        JarProcess headpatch = database.jar(home);
        JdbcTemplate jdbc = database.jdbc();
        Path out = home.resolve("launch.out");
        Path err = home.resolve("launch.err");

        // when
        Process launch = headpatch.start(out, err, "launch", "--spec", "fhdr-v1.3", "--root", files.toString(),
                "--partitions", "8", "--threads", "2", "--chunk", "100", "--sync", "each");
        signalWhile(launch, () -> decided(jdbc) >= 500, "TERM");

        // then
        assertThat(launch.waitFor(3, TimeUnit.MINUTES)).as("the launch stopped").isTrue();
        String errors = Files.readString(err);
        assertThat(launch.exitValue()).as(errors).isEqualTo(ExitCodes.TERMINATED);
        long execution = database.latestExecution();
        assertThat(Files.readString(out)).contains("execution " + execution, "STOPPED");
        assertThat(errors).contains("SIGTERM: stopping after the current chunks",
                "execution " + execution + " STOPPED after SIGTERM; resume it with: headpatch --db " + database.url()
                        + " --db-user " + database.user() + " restart " + execution)
                .doesNotContain("Exception", "\tat ");
        assertThat(decided(jdbc)).isLessThan(FILES);

        // when
        Result restart = headpatch.run("restart", Long.toString(execution), "--format", "json");

        // then
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        JsonNode counts = JSON.readTree(restart.out()).get("files");
        assertThat(counts.get("PATCHED").asLong()).isEqualTo(FILES);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void ctrlCTwiceQuitsAtOnceAndRestartRecoversTheRun() throws Exception {
        // given
        FhdrFiles.generate(files, FILES, 32);
        JarProcess headpatch = database.jar(home);
        JdbcTemplate jdbc = database.jdbc();
        Path err = home.resolve("launch.err");

        // when Ctrl-C comes, and again while the current chunks finish (signals sent to a frozen process coalesce)
        Process launch = headpatch.start(home.resolve("launch.out"), err, "launch", "--spec", "fhdr-v1.3",
                "--root", files.toString(), "--partitions", "8", "--threads", "2", "--chunk", "1000", "--sync", "each");
        signalWhile(launch, () -> decided(jdbc) >= 500, "INT");
        signalWhile(launch, () -> read(err).contains("SIGINT: stopping after the current chunks"), "INT");

        // then it quits with 130, leaving the run to recover
        assertThat(launch.waitFor(3, TimeUnit.MINUTES)).as("the launch quit").isTrue();
        String errors = Files.readString(err);
        assertThat(launch.exitValue()).as(errors).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(errors).contains("SIGINT again: quitting now");
        long execution = database.latestExecution();

        // when
        Result restart = headpatch.run("restart", Long.toString(execution), "--format", "json");

        // then
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        JsonNode counts = JSON.readTree(restart.out()).get("files");
        assertThat(counts.get("PATCHED").asLong() + counts.get("ALREADY_DONE").asLong() + counts.get("REPAIRED").asLong())
                .isEqualTo(FILES);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void ctrlCStopsAVerifyAfterAPageAndSaysHowToFinish() throws Exception {
        // given a completed run to verify
        FhdrFiles.generate(files, FILES, 33);
        JarProcess headpatch = database.jar(home);
        JdbcTemplate jdbc = database.jdbc();
        Result launch = headpatch.run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--format", "json");
        long execution = JSON.readTree(launch.out()).get("executionId").asLong();
        Path err = home.resolve("verify.err");

        // when
        Process verify = headpatch.start(home.resolve("verify.out"), err, "verify", Long.toString(execution));
        signalWhile(verify, () -> checked(jdbc) > 0, "INT");

        // then
        assertThat(verify.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String errors = Files.readString(err);
        assertThat(verify.exitValue()).as(errors).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(errors).contains("verify stopped by SIGINT after", "run it again to finish: headpatch --db "
                + database.url() + " --db-user " + database.user() + " verify " + execution);
        assertThat(checked(jdbc)).isLessThan(FILES);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sigtermStopsARestartAndARollbackEachAtABoundaryAndRunningThemAgainFinishes() throws Exception {
        // given a launch stopped by SIGTERM
        FhdrFiles.generate(files, FILES, 34);
        JarProcess headpatch = database.jar(home);
        JdbcTemplate jdbc = database.jdbc();
        Process launch = headpatch.start(home.resolve("launch.out"), home.resolve("launch.err"), "launch", "--spec", "fhdr-v1.3",
                "--root", files.toString(), "--partitions", "8", "--threads", "2", "--chunk", "100", "--sync", "each");
        signalWhile(launch, () -> decided(jdbc) >= 500, "TERM");
        assertThat(launch.waitFor(3, TimeUnit.MINUTES)).isTrue();
        long stopped = database.latestExecution();
        long decidedBefore = decided(jdbc);

        // when its restart is stopped by SIGTERM too
        Path restartErr = home.resolve("restart.err");
        Process restart = headpatch.start(home.resolve("restart.out"), restartErr, "restart", Long.toString(stopped));
        signalWhile(restart, () -> decided(jdbc) >= decidedBefore + 500, "TERM");

        // then it stopped at a chunk boundary, saying how to resume the new execution
        assertThat(restart.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String restartErrors = Files.readString(restartErr);
        long restarted = database.latestExecution();
        assertThat(restart.exitValue()).as(restartErrors).isEqualTo(ExitCodes.TERMINATED);
        assertThat(restarted).isGreaterThan(stopped);
        assertThat(restartErrors).contains("execution " + restarted + " STOPPED after SIGTERM; resume it with: headpatch --db "
                + database.url() + " --db-user " + database.user() + " restart " + restarted).doesNotContain("Exception");
        assertThat(decided(jdbc)).isLessThan(FILES);

        // when it is resumed to the end, then rolled back, and the rollback is stopped by SIGTERM
        Result finished = headpatch.run("restart", Long.toString(restarted), "--format", "json");
        assertThat(finished.exitCode()).as(finished.toString()).isZero();
        Path rollbackErr = home.resolve("rollback.err");
        Process rollback = headpatch.start(home.resolve("rollback.out"), rollbackErr, "rollback", Long.toString(restarted));
        signalWhile(rollback, () -> checked(jdbc) > 0, "TERM");

        // then it stopped after a page, saying how to finish, and running it again restores every file
        assertThat(rollback.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String rollbackErrors = Files.readString(rollbackErr);
        assertThat(rollback.exitValue()).as(rollbackErrors).isEqualTo(ExitCodes.TERMINATED);
        assertThat(rollbackErrors).contains("rollback stopped by SIGTERM after", "run it again to finish: headpatch --db "
                + database.url() + " --db-user " + database.user() + " rollback " + restarted).doesNotContain("Exception");
        assertThat(checked(jdbc)).isLessThan(FILES);
        Result again = headpatch.run("rollback", Long.toString(restarted));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        try (Stream<Path> walk = Files.walk(files)) {
            assertThat(walk.filter(Files::isRegularFile).filter(SignalsIntegrationTests::atVersion13).count())
                    .as("files still at version 1.3 after the rollback").isZero();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sigtermOnTheEmbeddedDatabaseStopsTheJobBeforeTheDatabase() throws Exception {
        // given
        JarProcess headpatch = JarProcess.embedded(home);
        Path demo = home.resolve("demo");
        Path out = home.resolve("demo.out");
        Path err = home.resolve("demo.err");

        // when the demo is patching its files
        Process run = headpatch.start(out, err, "demo", "--files", Integer.toString(FILES), "--dir", demo.toString());
        signalWhile(run, () -> anyPatchedOnDisk(demo), "TERM");

        // then the job stopped first, quietly, and the embedded database resumes it
        assertThat(run.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String errors = Files.readString(err);
        assertThat(run.exitValue()).as(errors).isEqualTo(ExitCodes.TERMINATED);
        assertThat(errors).contains("STOPPED after SIGTERM; resume it with: headpatch restart ")
                .doesNotContain("terminating connection", "Broken pipe", "Exception");
        String resume = errors.lines().filter(line -> line.contains("resume it with")).findFirst().orElseThrow();
        String execution = resume.substring(resume.lastIndexOf(' ') + 1);

        // when
        Result restart = headpatch.run("restart", execution, "--format", "json");

        // then
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(JSON.readTree(restart.out()).get("files").get("PATCHED").asLong()).isEqualTo(FILES);
        Result stop = headpatch.run("db", "stop");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void servicesExitZeroOnSigterm() throws Exception {
        // given a console, a schedule and a worker, each serving
        JarProcess headpatch = database.jar(home);
        Map<String, String[]> services = Map.of(
                "ui", new String[] {"ui", "--port", "0"},
                "schedule", new String[] {"schedule", "--cron", "0 0 1 1 *", "launch", "--spec", "fhdr-v1.3", "--root",
                        files.toString()},
                "worker", new String[] {"worker", "--root", files.toString()});
        Map<String, Process> started = new TreeMap<>();
        for (Map.Entry<String, String[]> service : services.entrySet()) {
            started.put(service.getKey(), headpatch.start(home.resolve(service.getKey() + ".out"),
                    home.resolve(service.getKey() + ".err"), service.getValue()));
        }
        Path scheduleOut = home.resolve("schedule.out");
        await("every service serving").atMost(2, TimeUnit.MINUTES).pollInterval(100, TimeUnit.MILLISECONDS)
                .failFast("a service ended before SIGTERM", () -> started.values().stream().anyMatch(p -> !p.isAlive()))
                .until(() -> read(home.resolve("ui.out")).contains("headpatch ui:")
                        && read(scheduleOut).contains("next fire at")
                        && read(home.resolve("worker.err")).contains("taking partitions"));

        // when
        for (Process process : started.values()) {
            kill(process, "TERM");
        }

        // then each ended as asked: exit 0; the schedule named itself for people, with its next fire
        for (Map.Entry<String, Process> service : started.entrySet()) {
            Process process = service.getValue();
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(service.getKey()).isTrue();
            assertThat(process.exitValue()).as(service.getKey() + ": " + read(home.resolve(service.getKey() + ".err")))
                    .isZero();
        }
        assertThat(read(scheduleOut)).contains("schedule fhdr-v1.3 on " + files + " at '0 0 1 1 *': next fire at ")
                .doesNotContain("|");
    }

    /** Waits for {@code condition}, freezes the process, sends the signals, and lets it go on (SIGCONT). */
    private static void signalWhile(Process process, BooleanSupplier condition, String... signals) throws Exception {
        await("the condition before " + String.join(", ", signals)).atMost(4, TimeUnit.MINUTES)
                .pollInterval(20, TimeUnit.MILLISECONDS)
                .failFast("the command ended before it could be signalled", () -> !process.isAlive())
                .until(condition::getAsBoolean);
        kill(process, "STOP");
        for (String signal : signals) {
            kill(process, signal);
        }
        kill(process, "CONT");
    }

    private static void kill(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long decided(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome", Long.class);
        return count == null ? 0 : count;
    }

    private static long checked(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM hp_check", Long.class);
        return count == null ? 0 : count;
    }

    /** Whether a demo file is at version 1.3 already (header bytes 62-63 are 01 03). */
    private static boolean anyPatchedOnDisk(Path demo) {
        if (!Files.isDirectory(demo)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(demo)) {
            return walk.filter(Files::isRegularFile).anyMatch(SignalsIntegrationTests::atVersion13);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static boolean atVersion13(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return bytes.length >= FhdrFiles.HEADER_LENGTH && bytes[62] == 1 && bytes[63] == 3;
        } catch (IOException e) {
            return false;
        }
    }
}
