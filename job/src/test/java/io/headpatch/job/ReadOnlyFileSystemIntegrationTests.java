package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A read-only filesystem (EROFS, told by errno) fails the partitions on it with the reason; the others go on. */
class ReadOnlyFileSystemIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    @Test
    void aReadOnlyFileSystemFailsItsPartitionWithTheReasonAndTheOtherPartitionCompletes(@TempDir Path dir) throws Exception {
        // given: one root on a writable folder, one on a tmpfs remounted read-only (needs root, as headpatch runs)
        Path writable = Files.createDirectory(dir.resolve("writable"));
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", readOnly.toString());
        try {
            List<Path> writableFiles = FhdrTree.generate(writable, 200, 31);
            List<Path> readOnlyFiles = FhdrTree.generate(readOnly, 200, 32);
            FhdrExpectations writableExpected = new FhdrExpectations(writableFiles);
            FhdrExpectations readOnlyExpected = new FhdrExpectations(readOnlyFiles);
            run("mount", "-o", "remount,ro", readOnly.toString());

            // when
            ExecutionSummary summary;
            try (PatchJobService service = new PatchJobService(db.dataSource())) {
                summary = service.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                        new ScanRequest(List.of(writable, readOnly), null, List.of(), List.of(), null, null, false))
                        .partitions(2).threads(2).chunk(50).runId("erofs").build());
                long timestamp = db.jdbc().queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?",
                        Long.class, summary.jobInstanceId());

                // then
                assertThat(summary.status()).isEqualTo(ExecutionStatus.FAILED);
                assertThat(summary.partitionsCompleted()).isEqualTo(1);
                writableExpected.assertAllPatched(timestamp);
                readOnlyExpected.assertAllUnchanged();
                assertThat(db.jdbc().queryForList("""
                        SELECT s.exit_message FROM batch_step_execution s JOIN batch_job_execution e USING (job_execution_id)
                        WHERE e.job_execution_id = ? AND s.step_name LIKE 'patch-worker:%' AND s.status = 'FAILED'""",
                        String.class, summary.executionId()))
                        .singleElement().asString().contains("Read-only file system (errno=30)").contains(readOnly.toString());
            }
        } finally {
            run("umount", readOnly.toString());
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }
}
