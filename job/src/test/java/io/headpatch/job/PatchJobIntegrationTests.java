package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.chunk.PlannedFile;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchJobIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    private static HeaderSpec fhdr() throws Exception {
        return HeaderSpec.resolve("fhdr-v1.3", Map.of());
    }

    private static HeaderSpec fhdrUnchecked() {
        try {
            return fhdr();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long jobTimestamp(long instanceId) {
        return db.jdbc().queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?", Long.class, instanceId);
    }

    private static ScanRequest roots(Path... roots) {
        return new ScanRequest(List.of(roots), null, List.of(), List.of(), null, null, false);
    }

    @Test
    void patchesTwentyThousandFilesInEightPartitions(@TempDir Path dir) throws Exception {
        // given
        List<Path> files = FhdrTree.generate(dir, 20_000, 1);
        FhdrExpectations expected = new FhdrExpectations(files);

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            ExecutionSummary summary = service.launch(LaunchRequest.builder(fhdr(), roots(dir)).partitions(8).threads(4).build());

            // then
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            expected.assertAllPatched(jobTimestamp(summary.jobInstanceId()));
            assertThat(summary.filesTotal()).isEqualTo(20_000);
            assertThat(summary.outcomes()).containsEntry("PATCHED", 20_000L);
            assertThat(summary.partitionsTotal()).isEqualTo(8);
            assertThat(summary.partitionsCompleted()).isEqualTo(8);
            var jdbc = db.jdbc();
            long manifestId = jdbc.queryForObject("SELECT manifest_id FROM hp_manifest WHERE job_instance_id = ?", Long.class,
                    summary.jobInstanceId());
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome WHERE manifest_id = ?", Long.class, manifestId))
                    .isEqualTo(20_000L);
            assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT file_id) FROM hp_outcome WHERE manifest_id = ?", Long.class, manifestId))
                    .isEqualTo(20_000L);
            assertThat(jdbc.queryForObject("SELECT SUM(files_done) FROM hp_partition_progress WHERE manifest_id = ?", Long.class, manifestId))
                    .isEqualTo(20_000L);
            List<Long> sizes = jdbc.queryForList("SELECT files_total FROM hp_partition_progress WHERE manifest_id = ?", Long.class, manifestId);
            assertThat(sizes).hasSize(8).allSatisfy(n -> assertThat(n).isBetween(2_499L, 2_501L));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_failure WHERE manifest_id = ?", Long.class, manifestId)).isZero();
            // the journal holds each file's true original and the header now on disk
            List<Object[]> journal = jdbc.query("SELECT f.path, j.before_bytes, j.after_bytes FROM hp_journal j JOIN hp_file f USING (file_id) WHERE j.manifest_id = ?",
                    (rs, i) -> new Object[] {Path.of(rs.getString(1)), rs.getBytes(2), rs.getBytes(3)}, manifestId);
            assertThat(journal).hasSize(20_000);
            for (Object[] row : journal) {
                Path path = (Path) row[0];
                assertThat((byte[]) row[1]).isEqualTo(Arrays.copyOf(expected.original(path), 64));
                assertThat((byte[]) row[2]).isEqualTo(Arrays.copyOf(Files.readAllBytes(path), 64));
            }
        }
    }

    @Test
    void restartAfterAnInjectedFailureRunsOnlyTheFailedPartition(@TempDir Path dir) throws Exception {
        // given a hook that fails partition p0002 at its third chunk, after the files were written
        List<Path> files = FhdrTree.generate(dir, 4_000, 2);
        FhdrExpectations expected = new FhdrExpectations(files);
        AtomicBoolean armed = new AtomicBoolean(true);
        AtomicInteger chunks = new AtomicInteger();
        ChunkHook failing = new ChunkHook() {
            @Override
            public void beforeCommit(String partition, List<PlannedFile> chunk) {
                if (armed.get() && partition.equals("p0002") && chunks.incrementAndGet() == 3) {
                    throw new IllegalStateException("injected failure in p0002 at chunk 3");
                }
            }
        };

        try (PatchJobService service = new PatchJobService(db.dataSource(), failing, PatchJobSettings.local())) {
            LaunchRequest request = LaunchRequest.builder(fhdr(), roots(dir)).partitions(4).threads(2).chunk(100).build();

            // when
            ExecutionSummary failed = service.launch(request);

            // then
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.partitionsCompleted()).isEqualTo(3);
            assertThat(failed.partitionsFailed()).isEqualTo(1);

            // when
            armed.set(false);
            ExecutionSummary restarted = service.restart(failed.executionId());

            // then
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(restarted.jobInstanceId()).isEqualTo(failed.jobInstanceId());
            var jdbc = db.jdbc();
            assertThat(jdbc.queryForList("SELECT step_name FROM batch_step_execution WHERE job_execution_id = ? AND step_name LIKE 'patch-worker:%'",
                    String.class, restarted.executionId())).containsExactly("patch-worker:p0002");
            expected.assertAllPatched(jobTimestamp(failed.jobInstanceId()));
            // the chunk written before the failure was found done on restart
            assertThat(restarted.outcomes().get("ALREADY_DONE") + restarted.outcomes().get("REPAIRED")).isEqualTo(100L);
            assertThat(restarted.outcomes().get("PATCHED")).isEqualTo(3_900L);
            assertThat(restarted.filesDecided()).isEqualTo(4_000L);
            // no file has two different after-images: one journal row per file, equal to the header on disk
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_journal j JOIN hp_manifest m USING (manifest_id) WHERE m.job_instance_id = ?",
                    Long.class, failed.jobInstanceId())).isEqualTo(4_000L);
        }
    }

    @Test
    void dryRunChangesNothingOnDisk(@TempDir Path dir) throws Exception {
        // given
        List<Path> files = FhdrTree.generate(dir, 500, 3);
        FhdrExpectations expected = new FhdrExpectations(files);
        Map<Path, Long> mtimes = new java.util.HashMap<>();
        for (Path f : files) {
            mtimes.put(f, Files.getLastModifiedTime(f).toMillis());
        }

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            ExecutionSummary summary = service.launch(LaunchRequest.builder(fhdr(), roots(dir)).dryRun(true).build());

            // then
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(summary.dryRun()).isTrue();
            assertThat(summary.outcomes()).containsEntry("PATCHED", 500L);
            expected.assertAllUnchanged();
            for (Path f : files) {
                assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(mtimes.get(f));
            }
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM hp_journal j JOIN hp_manifest m USING (manifest_id) WHERE m.job_instance_id = ?",
                    Long.class, summary.jobInstanceId())).isZero();
        }
    }

    @Test
    void databaseConnectionsKilledMidRunFailCleanlyAndRestartCompletes(@TempDir Path dir) throws Exception {
        // given a hook that terminates every backend of the database in the middle of the run
        List<Path> files = FhdrTree.generate(dir, 3_000, 4);
        FhdrExpectations expected = new FhdrExpectations(files);
        AtomicInteger chunks = new AtomicInteger();
        ChunkHook outage = new ChunkHook() {
            @Override
            public void beforeCommit(String partition, List<PlannedFile> chunk) {
                if (chunks.incrementAndGet() == 10) {
                    db.terminateBackends();
                }
            }
        };

        try (PatchJobService service = new PatchJobService(db.dataSource(), outage, PatchJobSettings.local())) {
            LaunchRequest request = LaunchRequest.builder(fhdr(), roots(dir)).partitions(4).threads(2).chunk(100).build();

            // when
            ExecutionSummary failed = service.launch(request);

            // then
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.exitMessage()).isNotBlank();

            // when
            ExecutionSummary restarted = service.restart(failed.executionId());

            // then
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(restarted.filesDecided()).isEqualTo(3_000L);
            expected.assertAllPatched(jobTimestamp(failed.jobInstanceId()));
        }
    }

    @Test
    void aMissingRootOrARootThatIsAFileIsAnInputError(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when / then
            assertThatThrownBy(() -> service.launch(LaunchRequest.of(fhdr(), roots(dir.resolve("missing")))))
                    .isInstanceOfSatisfying(JobRequestException.class, e -> assertThat(e.problem()).isEqualTo(JobRequestException.Problem.INPUT))
                    .hasMessageContaining("root does not exist").hasMessageContaining("missing");
            assertThatThrownBy(() -> service.launch(LaunchRequest.of(fhdr(), roots(file))))
                    .isInstanceOfSatisfying(JobRequestException.class, e -> assertThat(e.problem()).isEqualTo(JobRequestException.Problem.INPUT))
                    .hasMessageContaining("root is not a folder");
        }
    }

    @Test
    void aManifestPathOutsideTheRootsIsRefusedByName(@TempDir Path dir) throws Exception {
        // given
        Path root = Files.createDirectories(dir.resolve("root"));
        FhdrTree.generate(root, 3, 5);
        Path outside = Files.writeString(dir.resolve("outside.fhdr"), "x".repeat(100));
        Path manifest = Files.writeString(dir.resolve("manifest.txt"),
                root.resolve("d00000/f0000000.fhdr") + "\n" + outside + "\n");
        ScanRequest scan = new ScanRequest(List.of(root), manifest, List.of(), List.of(), null, null, false);

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when / then
            assertThatThrownBy(() -> service.launch(LaunchRequest.of(fhdr(), scan)))
                    .isInstanceOfSatisfying(JobRequestException.class, e -> assertThat(e.problem()).isEqualTo(JobRequestException.Problem.INPUT))
                    .hasMessageContaining("outside the given roots").hasMessageContaining(outside.toString());
        }
    }

    @Test
    void twoLaunchesAtOnceOnOneDatabaseBothComplete(@TempDir Path dir) throws Exception {
        // given
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        FhdrTree.generate(a, 1_000, 6);
        FhdrTree.generate(b, 1_000, 7);

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> launch(service, a));
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> launch(service, b));

            // then
            assertThat(first.get().status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(second.get().status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(first.get().jobInstanceId()).isNotEqualTo(second.get().jobInstanceId());
        }
    }

    @Test
    void theSameCompletedInstanceLaunchedAgainIsAConflict(@TempDir Path dir) throws Exception {
        // given
        FhdrTree.generate(dir, 10, 8);
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            LaunchRequest request = LaunchRequest.builder(fhdr(), roots(dir)).runId("nightly-1").build();
            assertThat(service.launch(request).status()).isEqualTo(ExecutionStatus.COMPLETED);

            // when / then
            assertThatThrownBy(() -> service.launch(request))
                    .isInstanceOfSatisfying(JobRequestException.class, e -> assertThat(e.problem()).isEqualTo(JobRequestException.Problem.CONFLICT))
                    .hasMessageContaining("already completed");
        }
    }

    @Test
    void theSameInstanceLaunchedWhileRunningIsAlreadyRunning(@TempDir Path dir) throws Exception {
        // given: a launch held inside its first chunk
        FhdrTree.generate(dir, 200, 9);
        java.util.concurrent.CountDownLatch inChunk = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ChunkHook holding = new ChunkHook() {
            @Override
            public void beforeCommit(String partition, List<PlannedFile> chunk) {
                inChunk.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (PatchJobService service = new PatchJobService(db.dataSource(), holding, PatchJobSettings.local())) {
            LaunchRequest request = LaunchRequest.builder(fhdr(), roots(dir)).runId("held").partitions(1).threads(1).build();
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> service.launch(request));
            assertThat(inChunk.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            // when / then
            assertThatThrownBy(() -> service.launch(request))
                    .isInstanceOfSatisfying(JobRequestException.class, e -> assertThat(e.problem()).isEqualTo(JobRequestException.Problem.CONFLICT))
                    .hasMessageContaining("already running");
            release.countDown();
            assertThat(first.get().status()).isEqualTo(ExecutionStatus.COMPLETED);
        }
    }

    @Test
    void stopFromAnotherServiceEndsAfterTheCurrentChunksAndRestartCompletes(@TempDir Path dir) throws Exception {
        // given: a launch whose chunks after the fourth wait, written and synced, for the stop
        List<Path> files = FhdrTree.generate(dir, 2_000, 10);
        FhdrExpectations expected = new FhdrExpectations(files);
        AtomicInteger chunks = new AtomicInteger();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stopAsked = new java.util.concurrent.CountDownLatch(1);
        ChunkHook holding = new ChunkHook() {
            @Override
            public void beforeCommit(String partition, List<PlannedFile> chunk) {
                if (chunks.incrementAndGet() > 4) {
                    held.countDown();
                    try {
                        stopAsked.await(2, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (PatchJobService running = new PatchJobService(db.dataSource(), holding, PatchJobSettings.local());
             PatchJobService other = new PatchJobService(db.dataSource())) {
            java.util.concurrent.atomic.AtomicLong id = new java.util.concurrent.atomic.AtomicLong();
            var launch = java.util.concurrent.CompletableFuture.supplyAsync(() -> running.launch(
                    LaunchRequest.builder(fhdrUnchecked(), roots(dir)).partitions(2).threads(2).chunk(50).build(), id::set));
            assertThat(held.await(2, java.util.concurrent.TimeUnit.MINUTES)).as("a fifth chunk reached its commit").isTrue();

            // when
            other.stop(id.get());
            stopAsked.countDown();
            ExecutionSummary stopped = launch.get(2, java.util.concurrent.TimeUnit.MINUTES);

            // then: stopped at a chunk boundary, restartable
            assertThat(stopped.status()).isEqualTo(ExecutionStatus.STOPPED);
            assertThat(stopped.filesDecided()).isLessThan(2_000L);
            assertThat(stopped.filesDecided() % 50).isZero();
            ExecutionSummary restarted = other.restart(stopped.executionId());
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            expected.assertAllPatched(jobTimestamp(stopped.jobInstanceId()));
        }
    }

    private static ExecutionSummary launch(PatchJobService service, Path root) {
        return service.launch(LaunchRequest.of(fhdrUnchecked(), roots(root)));
    }
}
