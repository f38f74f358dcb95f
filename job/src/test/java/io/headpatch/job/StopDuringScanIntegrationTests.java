package io.headpatch.job;

import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A stop asked while the scan step runs ends the launch STOPPED, and its restart patches every file. */
class StopDuringScanIntegrationTests {

    private static final int FILES = 500;
    /** The scan's first write; while the test holds this lock the scan waits inside its step. */
    private static final String HOLD_SCAN = "LOCK TABLE hp_manifest IN EXCLUSIVE MODE";
    private static final String SCAN_STARTED = """
            SELECT job_execution_id FROM batch_step_execution WHERE step_name = 'scan' AND status = 'STARTED'""";

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    @Test
    @Timeout(300)
    void aStopDuringTheScanEndsStoppedAndTheRestartPatchesEveryFile(@TempDir Path dir) throws Exception {
        // given: a launch whose scan waits for the test's lock on hp_manifest
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(dir, FILES, 31));
        LaunchRequest request = LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false)).partitions(2).threads(2).build();
        try (PatchJobService service = new PatchJobService(db.dataSource());
             Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute(HOLD_SCAN);
            }
            CompletableFuture<ExecutionSummary> launch = CompletableFuture.supplyAsync(() -> service.launch(request));
            long id = await("the scan step started").atMost(2, TimeUnit.MINUTES)
                    .until(() -> db.jdbc().queryForList(SCAN_STARTED, Long.class), rows -> !rows.isEmpty()).get(0);

            // when
            service.stop(id);
            ExecutionSummary stopping = service.status(id);
            lock.rollback();
            ExecutionSummary stopped = launch.get(2, TimeUnit.MINUTES);

            // then: STOPPING until the scan's own thread ends it (the stop writes no step's row), then STOPPED as any
            // stop, no file written; the restart completes with one outcome per file
            assertThat(stopping.status()).isEqualTo(ExecutionStatus.STOPPING);
            assertThat(stopping.endTime()).isNull();
            assertThat(stopped.status()).isEqualTo(ExecutionStatus.STOPPED);
            assertThat(stopped.exitCode()).isEqualTo("STOPPED");
            expected.assertAllUnchanged();
            ExecutionSummary restarted = service.restart(id);
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            expected.assertAllPatched(db.jdbc().queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?",
                    Long.class, restarted.jobInstanceId()));
            assertThat(restarted.outcomes()).containsEntry("PATCHED", (long) FILES);
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM hp_outcome", Long.class)).isEqualTo(FILES);
            assertThat(db.jdbc().queryForObject("SELECT COUNT(DISTINCT file_id) FROM hp_outcome", Long.class)).isEqualTo(FILES);
        }
    }
}
