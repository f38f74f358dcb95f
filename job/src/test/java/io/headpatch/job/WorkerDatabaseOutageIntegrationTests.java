package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.ChildJvm;
import io.headpatch.job.Databases;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
 * A worker rides out its database going away: a private PostgreSQL server (the machine's 15
 * binaries, run as user postgres on a temporary data directory; never the shared one) is stopped
 * and started again while a worker polls, and the worker then runs a launch to completion.
 */
class WorkerDatabaseOutageIntegrationTests {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private Path data;
    private Process worker;

    @AfterEach
    void cleanUp() throws Exception {
        if (worker != null) {
            worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (data != null) {
            asPostgres(BIN.resolve("pg_ctl") + " -D " + data + " -m immediate -w stop");
            try (var paths = Files.walk(data)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Timeout(600)
    void aWorkerPollingWhilePostgresqlRestartsKeepsRunningAndThenCompletesALaunch(@TempDir Path dir) throws Exception {
        // given: a private server, migrated, and a worker polling it
        int port = freePort();
        data = Files.createTempDirectory("hp-outage-pg");
        Files.setAttribute(data, "unix:uid", postgresId("-u"));
        Files.setAttribute(data, "unix:gid", postgresId("-g"));
        assertThat(asPostgres(BIN.resolve("initdb") + " -D " + data + " -A trust -U postgres")).isZero();
        startServer(port);
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (var migration = Databases.open(url, "postgres", "", 2)) {
            Databases.migrate(migration);
        }
        Path root = Files.createDirectories(dir.resolve("root"));
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(root, 1_000, 31));
        Path log = dir.resolve("worker.log");
        worker = ChildJvm.start(WorkerChild.class, List.of(url, "steady", "2", root.toString()), ProcessBuilder.Redirect.to(log.toFile()));
        await("the worker ready").atMost(4, TimeUnit.MINUTES).until(() -> read(log).contains("WORKER steady READY"));

        // when: the server stops until the worker has failed to poll, then starts again
        assertThat(asPostgres(BIN.resolve("pg_ctl") + " -D " + data + " -m fast -w stop")).isZero();
        await("the worker noticed the outage").atMost(4, TimeUnit.MINUTES).until(() -> read(log).contains("cannot poll partition requests"));
        assertThat(worker.isAlive()).isTrue();
        LocalDateTime restarted = LocalDateTime.now();
        startServer(port);

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

    private void startServer(int port) throws Exception {
        assertThat(asPostgres(BIN.resolve("pg_ctl") + " -D " + data + " -l " + data.resolve("server.log") + " -w -o '-p " + port
                + " -k " + data + " -c listen_addresses=127.0.0.1' start")).isZero();
    }

    private static int asPostgres(String command) throws Exception {
        Process process = new ProcessBuilder("su", "-s", "/bin/sh", "postgres", "-c", command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(command).isTrue();
        return process.exitValue();
    }

    private static int postgresId(String flag) throws Exception {
        Process process = new ProcessBuilder("id", flag, "postgres").start();
        String id = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        process.waitFor();
        return Integer.parseInt(id);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
