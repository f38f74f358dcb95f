package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.Cli.Result;
import io.headpatch.ops.support.JarProcess;
import io.headpatch.ops.support.OpsTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code launch --remote} on the built jar with no worker running: it says so, naming the worker command, and SIGTERM
 * ends it STOPPED with its queued requests withdrawn; a worker and a restart then complete it. A database of its own:
 * the other worker tests count every outcome.
 */
class RemoteLaunchWithoutWorkerIntegrationTests {

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aRemoteLaunchWithNoWorkerSaysSoAndSigtermStopsItWithdrawingItsRequests() throws Exception {
        // given
        FhdrFiles.generate(files, 400, 9);
        JarProcess headpatch = database.jar(home);
        JdbcTemplate jdbc = database.jdbc();
        Path err = home.resolve("launch.err");
        Process launch = headpatch.start(home.resolve("launch.out"), err, "launch", "--remote", "--lease", "15",
                "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "4", "--run-id", "nobody");

        // when: no worker runs (the message comes within the 15 s lease of the start; the bound leaves room for a busy machine)
        await("the launch's requests queued").atMost(3, TimeUnit.MINUTES).failFast("the launch ended", () -> !launch.isAlive())
                .until(() -> queuedRequests(jdbc) == 4);
        await("the launch saying that no worker takes its partitions").atMost(1, TimeUnit.MINUTES)
                .failFast("the launch ended", () -> !launch.isAlive())
                .until(() -> Files.readString(err).contains("no worker is alive"));

        // then: it names the command that starts one over the launch's roots, with the requests still queued
        long execution = database.latestExecution();
        assertThat(Files.readString(err)).contains("execution " + execution + ": 4 partitions waiting and no worker is alive"
                + " to take them; start one where the files are: headpatch --db " + database.url() + " --db-user "
                + database.user() + " worker --root " + files);
        assertThat(queuedRequests(jdbc)).isEqualTo(4);

        // when: SIGTERM
        launch.destroy();

        // then: STOPPED within seconds, the requests withdrawn, and the command that continues
        assertThat(launch.waitFor(10, TimeUnit.SECONDS)).as("ended within 10 s of SIGTERM").isTrue();
        assertThat(launch.exitValue()).as(Files.readString(err)).isEqualTo(ExitCodes.TERMINATED);
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
                execution)).isEqualTo("STOPPED");
        assertThat(queuedRequests(jdbc)).isZero();
        List<String> errLines = Files.readAllLines(err);
        assertThat(errLines.get(errLines.size() - 1)).endsWith("restart " + execution);

        // when: a worker, and the restart
        Process worker = headpatch.start("worker", "--name", "late", "--root", files.toString());
        try {
            Result restart = headpatch.run("restart", Long.toString(execution), "--remote", "--format", "json");

            // then
            assertThat(restart.exitCode()).as(restart.toString()).isZero();
            assertThat(restart.out()).contains("\"status\" : \"COMPLETED\"", "\"PATCHED\" : 400");
        } finally {
            worker.destroy();
            worker.waitFor(1, TimeUnit.MINUTES);
        }
    }

    private static long queuedRequests(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM int_channel_message", Long.class);
    }
}
