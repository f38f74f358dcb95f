package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli.Result;
import io.headpatch.ops.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * `headpatch worker` processes and `launch --remote` / `restart --remote` on the built jar: a worker
 * stopped by SIGTERM exits 0 leaving its partition restartable, and a restart sent to another worker completes.
 */
class WorkerIntegrationTests {

    private static final int FILES = 6_000;

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aWorkerStoppedBySigtermExitsZeroAndARemoteRestartCompletes() throws Exception {
        // given
        List<Path> generated = FhdrFiles.generate(files, FILES, 7);
        byte[] first = Files.readAllBytes(generated.get(0));
        JarProcess headpatch = database.jar(home);
        JdbcTemplate jdbc = database.jdbc();
        Process one = headpatch.start("worker", "--threads", "1", "--name", "one", "--root", files.toString());

        // when: a remote launch runs on worker "one", which gets SIGTERM mid-partition
        CompletableFuture<Result> launch = CompletableFuture.supplyAsync(() -> run(headpatch, "launch", "--remote",
                "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "4", "--chunk", "100", "--sync", "each",
                "--format", "json"));
        await("300 files decided").atMost(3, TimeUnit.MINUTES).pollInterval(50, TimeUnit.MILLISECONDS)
                .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome", Long.class) >= 300);
        one.destroy();
        assertThat(one.waitFor(2, TimeUnit.MINUTES)).isTrue();

        // then: exit 0, its partition STOPPED after a whole chunk
        assertThat(one.exitValue()).isZero();
        assertThat(jdbc.queryForList("SELECT s.status FROM batch_step_execution s JOIN hp_step_owner o USING (step_execution_id) "
                + "WHERE o.worker_name = 'one'", String.class)).contains("STOPPED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome", Long.class) % 100).isZero();

        // when: a second worker takes the partitions still queued, and a remote restart the stopped one
        Process two = headpatch.start("worker", "--threads", "2", "--name", "two", "--root", files.toString());
        try {
            Result launched = launch.get(5, TimeUnit.MINUTES);
            assertThat(launched.exitCode()).as(launched.toString()).isEqualTo(1);
            long execution = database.latestExecution();
            Result restart = headpatch.run("restart", Long.toString(execution), "--remote", "--format", "json");

            // then
            assertThat(restart.exitCode()).as(restart.toString()).isZero();
            assertThat(restart.out()).contains("\"status\" : \"COMPLETED\"", "\"PATCHED\" : " + FILES);
            assertThat(Files.readAllBytes(generated.get(0))).isNotEqualTo(first);
            assertThat(jdbc.queryForList("SELECT DISTINCT host FROM hp_partition ORDER BY 1", String.class)).contains("two");
        } finally {
            two.destroy();
            two.waitFor(1, TimeUnit.MINUTES);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aWorkerWhoseRootsDoNotCoverTheLaunchFailsItsPartitionsWithoutOpeningAFile(@TempDir Path elsewhere) throws Exception {
        // given
        List<Path> generated = FhdrFiles.generate(files, 200, 8);
        byte[] first = Files.readAllBytes(generated.get(0));
        JarProcess headpatch = database.jar(home);
        JdbcTemplate jdbc = database.jdbc();
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome", Long.class);
        Process confined = headpatch.start("worker", "--threads", "2", "--name", "confined", "--root", elsewhere.toString());
        try {
            // when
            Result launched = headpatch.run("launch", "--remote", "--spec", "fhdr-v1.3", "--root", files.toString(),
                    "--partitions", "2", "--run-id", "confined", "--format", "json");

            // then: FAILED with the reason, not a byte written
            assertThat(launched.exitCode()).as(launched.toString()).isEqualTo(1);
            assertThat(launched.out()).contains("\"status\" : \"FAILED\"");
            long execution = database.latestExecution();
            assertThat(jdbc.queryForList("SELECT exit_message FROM batch_step_execution WHERE job_execution_id = ? "
                    + "AND step_name LIKE 'patch-worker:%'", String.class, execution)).hasSize(2)
                    .allSatisfy(m -> assertThat(m).contains("worker confined: root " + files + " is outside this worker's --root ["
                            + elsewhere.toRealPath() + "]; partition not started"));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome", Long.class)).isEqualTo(before);
            assertThat(Files.readAllBytes(generated.get(0))).isEqualTo(first);
        } finally {
            confined.destroy();
            confined.waitFor(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void aWorkerWithoutRootOrDatabaseSaysWhyAndExitsNonZero() throws Exception {
        // given
        JarProcess headpatch = database.jar(home);
        JarProcess unreachable = new JarProcess(home, "jdbc:postgresql://127.0.0.1:1/nowhere", "postgres");

        // when
        Result noRoot = headpatch.run("worker", "--name", "rootless");
        Result notAFolder = headpatch.run("worker", "--root", home.resolve("missing").toString());
        Result noDatabase = unreachable.run("worker", "--root", files.toString());

        // then
        assertThat(noRoot.exitCode()).as(noRoot.toString()).isEqualTo(2);
        assertThat(noRoot.err()).contains("--root");
        assertThat(notAFolder.exitCode()).as(notAFolder.toString()).isEqualTo(2);
        assertThat(notAFolder.err()).contains("--root " + home.resolve("missing") + " is not a folder");
        assertThat(noDatabase.exitCode()).as(noDatabase.toString()).isEqualTo(4);
        assertThat(noDatabase.err()).contains("cannot connect");
    }

    private static Result run(JarProcess headpatch, String... args) {
        try {
            return headpatch.run(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
