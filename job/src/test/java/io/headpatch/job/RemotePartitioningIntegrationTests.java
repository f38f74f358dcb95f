package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.ChildJvm;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A manager in this JVM, worker processes in child JVMs, PostgreSQL as the only transport. */
class RemotePartitioningIntegrationTests {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws Exception {
        for (Process worker : workers) {
            worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process startWorker(String name, Path root) throws Exception {
        Process worker = ChildJvm.start(WorkerChild.class, List.of(db.url(), name, "2", root.toString()));
        workers.add(worker);
        BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).isEqualTo("WORKER " + name + " READY");
        // The rest of its output (its log) goes to this test's: a failed partition's reason is there, and a full pipe
        // would block the worker.
        Thread drain = new Thread(() -> {
            try {
                out.lines().forEach(logged -> System.out.println("[worker " + name + "] " + logged));
            } catch (UncheckedIOException e) {
                // the worker ended
            }
        }, "drain-" + name);
        drain.setDaemon(true);
        drain.start();
        return worker;
    }

    @Test
    @Timeout(300)
    void aWorkerThatCannotSeeTheRootFailsThePartitionInsteadOfCompletingIt(@TempDir Path dir) throws Exception {
        // given: requests queued while no worker runs, then the root disappears from the workers' view
        Path root = java.nio.file.Files.createDirectories(dir.resolve("root"));
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(root, 2_000, 13));
        Path hidden = dir.resolve("hidden");

        try (PatchJobService service = manager()) {
            CompletableFuture<ExecutionSummary> launch = CompletableFuture.supplyAsync(() -> {
                try {
                    return service.launch(request(root));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await("the launch queued its requests").atMost(2, TimeUnit.MINUTES).pollInterval(50, TimeUnit.MILLISECONDS)
                    .until(() -> db.jdbc().queryForObject("SELECT COUNT(*) FROM int_channel_message", Long.class) >= 12);
            java.nio.file.Files.move(root, hidden);

            // when
            startWorker("blind", dir);
            ExecutionSummary failed = launch.get(2, TimeUnit.MINUTES);

            // then: failed with the reason, nothing touched
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.filesDecided()).isZero();
            assertThat(db.jdbc().queryForList("SELECT exit_message FROM batch_step_execution WHERE job_execution_id = ? "
                    + "AND step_name LIKE 'patch-worker:%'", String.class, failed.executionId()))
                    .hasSize(12).allSatisfy(m -> assertThat(m).contains("worker blind: cannot see root " + root));

            // when: the root is back
            java.nio.file.Files.move(hidden, root);
            ExecutionSummary restarted = service.restart(failed.executionId());

            // then
            assertThat(restarted.status()).as(failedSteps(restarted.executionId())).isEqualTo(ExecutionStatus.COMPLETED);
            expected.assertAllPatched(timestamp(restarted.jobInstanceId()));
        }
    }

    private static LaunchRequest request(Path dir) throws Exception {
        return LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false)).partitions(12).threads(1).chunk(250).build();
    }

    private PatchJobService manager() {
        return new PatchJobService(db.dataSource(), PatchJobSettings.remoteManager(PatchJobSettings.HEARTBEAT.multipliedBy(PatchJobSettings.LEASE_HEARTBEATS), Duration.ofMinutes(10)));
    }

    /** The steps of an execution that did not complete, with why: what a failed assertion on its status shows. */
    private String failedSteps(long executionId) {
        return db.jdbc().queryForList("SELECT step_name, status, exit_message FROM batch_step_execution"
                + " WHERE job_execution_id = ? AND status <> 'COMPLETED' ORDER BY step_name", executionId).toString();
    }

    private long timestamp(long instanceId) {
        return db.jdbc().queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?", Long.class, instanceId);
    }

    @Test
    @Timeout(600)
    void twoWorkersStartedBeforeAndAfterTheManagerBothPatch(@TempDir Path dir) throws Exception {
        // given: 50,000 files, a worker already waiting
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(dir, 50_000, 11));
        startWorker("early", dir);

        try (PatchJobService service = manager()) {
            // when: the second worker starts once the job has started
            ExecutionSummary summary = service.launch(request(dir), id -> CompletableFuture.runAsync(() -> {
                try {
                    startWorker("late", dir);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));

            // then
            assertThat(summary.status()).as(failedSteps(summary.executionId())).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(summary.partitionsCompleted()).isEqualTo(12);
            assertThat(db.jdbc().queryForList("SELECT DISTINCT o.worker_name FROM hp_step_owner o "
                    + "JOIN batch_step_execution s USING (step_execution_id) WHERE s.job_execution_id = ? ORDER BY 1",
                    String.class, summary.executionId())).containsExactly("early", "late");
            expected.assertAllPatched(timestamp(summary.jobInstanceId()));
            assertThat(summary.outcomes()).containsEntry("PATCHED", 50_000L);
        }
    }

    @Test
    @Timeout(600)
    void aWorkerKilledMidRunFailsItsPartitionsAndRestartCompletesThem(@TempDir Path dir) throws Exception {
        // given
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(dir, 50_000, 12));
        Process doomed = startWorker("doomed", dir);
        startWorker("survivor", dir);

        try (PatchJobService service = manager()) {
            // when: "doomed" is killed while it runs a partition that has committed a chunk
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
                await("worker doomed ran a partition").atMost(5, TimeUnit.MINUTES)
                        .until(() -> db.jdbc().queryForObject("SELECT COUNT(*) FROM batch_step_execution s JOIN hp_step_owner o "
                                + "USING (step_execution_id) WHERE o.worker_name = 'doomed' AND s.status = 'STARTED' AND s.commit_count > 0",
                                Long.class) > 0);
                doomed.destroyForcibly();
            });
            ExecutionSummary first = service.launch(request(dir));
            killer.get();

            // then: no hang; the dead worker's partitions FAILED, so the job did; a restart re-sends them
            assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM batch_step_execution WHERE job_execution_id = ? "
                    + "AND exit_message LIKE '%worker doomed#% stopped beating%'", Long.class, first.executionId())).isPositive();
            ExecutionSummary summary = service.restart(first.executionId());
            assertThat(summary.status()).as(failedSteps(summary.executionId())).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(summary.filesDecided()).isEqualTo(50_000L);
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM hp_outcome WHERE outcome NOT IN ('PATCHED', 'ALREADY_DONE', 'REPAIRED')",
                    Long.class)).isZero();
            expected.assertAllPatched(timestamp(summary.jobInstanceId()));
        }
    }
}
