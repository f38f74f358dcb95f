package io.headpatch.job.outcome;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run this process launches is never "gone" while its launch call lasts: Spring Batch records its final status after
 * the job's listeners end, and a status read in between (the console's refresh) must not see a STARTED run whose
 * process is gone, nor stop following it.
 */
class ExecutionOwnerIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    @Test
    void aRunIsOwnedFromItsFirstListenerUntilItsLaunchReturns(@TempDir Path dir) throws Exception {
        // given an execution of this process, read back as STARTED as it is before Spring Batch's last update
        FhdrTree.generate(dir, 20, 7);
        JdbcTemplate jdbc = db.jdbc();
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            long id = service.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                    new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false)).build(), ignored -> { })
                    .executionId();
            jdbc.update("UPDATE batch_job_execution SET status = 'STARTED', end_time = NULL WHERE job_execution_id = ?", id);
            ExecutionHeartbeat heartbeat = new ExecutionHeartbeat(jdbc);
            JobExecution execution = new JobExecution(id, null, null);

            // when its listeners run, and then the launch call returns
            boolean goneAfterListeners = ExecutionHeartbeat.withStartCallback(null, () -> {
                heartbeat.beforeJob(execution);
                heartbeat.afterJob(execution);
                return service.status(id).ownerGone();
            });

            // then it was this process's run until the launch returned, and gone after
            assertThat(goneAfterListeners).as("owner gone between afterJob and the final status update").isFalse();
            assertThat(service.status(id).status()).isEqualTo(ExecutionStatus.STARTED);
            assertThat(service.status(id).ownerGone()).isTrue();
        }
    }
}
