package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.ChildJvm;
import io.headpatch.job.Databases;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.PostgresServer;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker rides out its database going away: a private PostgreSQL server of its own (the binaries the product
 * ships; never the one the other tests share) is stopped as a crash would and started again while a worker polls,
 * and the worker then runs a launch to completion.
 */
class WorkerDatabaseOutageIntegrationTests {

    private PostgresServer server;
    private Process worker;

    @AfterEach
    void cleanUp() throws Exception {
        if (worker != null) {
            worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(600)
    void aWorkerPollingWhilePostgresqlRestartsKeepsRunningAndThenCompletesALaunch(@TempDir Path dir) throws Exception {
        // given: a private server, migrated, and a worker polling it
        server = PostgresServer.start(Map.of());
        String url = server.url("postgres");
        try (var migration = Databases.open(url, "postgres", "", 2)) {
            Databases.migrate(migration);
        }
        Path root = Files.createDirectories(dir.resolve("root"));
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(root, 1_000, 31));
        Path log = dir.resolve("worker.log");
        worker = ChildJvm.start(WorkerChild.class, List.of(url, "steady", "2", root.toString()), ProcessBuilder.Redirect.to(log.toFile()));
        try (var pool = Databases.open(url, "postgres", "", 1)) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            await("the worker registered").atMost(4, TimeUnit.MINUTES).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM hp_worker WHERE worker_name = 'steady'", Integer.class) > 0);
        }

        // when: the server stops until the worker has failed to poll, then starts again
        server.stopImmediately();
        await("the worker noticed the outage").atMost(4, TimeUnit.MINUTES).until(() -> read(log).contains("cannot poll partition requests"));
        assertThat(worker.isAlive()).isTrue();
        LocalDateTime restarted = LocalDateTime.now();
        server.start();
        // then: the worker is still there, beats again and runs a remote launch to completion
        try (var pool = Databases.open(url, "postgres", "", 8);
             PatchJobService manager = new PatchJobService(pool, PatchJobSettings.remoteManager(Duration.ofSeconds(30), Duration.ofMinutes(10)))) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            await("the worker beats again").atMost(4, TimeUnit.MINUTES).until(() -> jdbc.queryForObject(
                    "SELECT MAX(heartbeat_at) FROM hp_worker WHERE worker_name = 'steady'", LocalDateTime.class)
                    .isAfter(restarted.minusSeconds(1)));
            ExecutionSummary summary = manager.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                    new ScanRequest(List.of(root), null, List.of(), List.of(), null, null, false)).partitions(4).threads(2).chunk(100).build());
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(summary.outcomes()).containsEntry("PATCHED", 1_000L);
            expected.assertAllPatched(jdbc.queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?",
                    Long.class, summary.jobInstanceId()));
        }
        assertThat(worker.isAlive()).isTrue();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
