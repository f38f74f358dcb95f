package io.headpatch.job;

import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.ChildJvm;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.RemoteManagerChild;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.job.CheckProgress;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One writer per partition, across real processes: workers in child JVMs (kill -9, SIGSTOP,
 * SIGTERM) and managers in this JVM or a child one, on the shared test server. Each worker logs
 * every chunk it wrote (its pid, partition, the time from journal commit to the end of the writes,
 * the file ids), and no two processes' write intervals of one partition may overlap.
 */
class WorkerFencingIntegrationTests {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws Exception {
        for (Process child : children) {
            signal(child, "CONT");
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(600)
    void aWorkerFrozenPastItsLeaseWritesNothingAnotherWriterTouchedAndTheRestartCompletes(@TempDir Path dir) throws Exception {
        // given: 2,000 files in 4 partitions, each file synced as it is written (a chunk's writes take a while);
        // worker "frozen" freezes itself in the middle of the writes of its third chunk: between two files, or
        // holding the header lock of the one it was about to write
        Path root = Files.createDirectories(dir.resolve("root"));
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(root, 2_000, 21));
        Path writeLog = dir.resolve("writes.log");
        Worker frozen = startWorker("frozen", root, writeLog, 3, "freeze");

        try (PatchJobService service = manager()) {
            LaunchRequest request = LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                    new ScanRequest(List.of(root), null, List.of(), List.of(), null, null, false)).partitions(4).threads(1)
                    .chunk(250).write(WriteOptions.builder().syncMode(SyncMode.EACH).build()).build();
            CompletableFuture<ExecutionSummary> launch = CompletableFuture.supplyAsync(() -> service.launch(request));

            // when: frozen (SIGSTOP) between two files of a chunk, until its lease is over
            frozen.awaitLine("JOURNALED ");
            await("the frozen worker stopped").atMost(1, TimeUnit.MINUTES).until(() -> stopped(frozen.process()));
            String[] journaled = frozen.line("JOURNALED ").split(" ");
            List<Path> chunk = db.jdbc().queryForList("SELECT path FROM hp_file WHERE file_id BETWEEN ? AND ? ORDER BY file_id",
                    String.class, Long.parseLong(journaled[2]), Long.parseLong(journaled[3])).stream().map(Path::of).toList();
            long writtenBeforeFreeze = 0;
            for (Path file : chunk) {
                writtenBeforeFreeze += Arrays.equals(Files.readAllBytes(file), expected.original(file)) ? 0 : 1;
            }
            assertThat(writtenBeforeFreeze).as("frozen in the middle of its chunk's writes").isBetween(1L, chunk.size() - 1L);
            await("the frozen worker's partition marked FAILED").atMost(4, TimeUnit.MINUTES).until(() -> count(
                    "SELECT COUNT(*) FROM batch_step_execution WHERE exit_message LIKE '%frozen#% stopped beating%'") == 1);
            startWorker("fresh", root, writeLog, -1);
            ExecutionSummary first = launch.get(5, TimeUnit.MINUTES);
            ExecutionSummary restarted = service.restart(first.executionId());
            long instance = restarted.jobInstanceId();
            // a file the frozen worker holds locked, if it froze holding one: refused by the restart when it froze before
            // the write, restored by nobody (the rollback is refused too) when it froze after it
            List<Path> refused = paths("SELECT f.path FROM hp_outcome o JOIN hp_file f USING (file_id)"
                    + " WHERE o.outcome = 'IO_ERROR' AND o.reason LIKE '%holds a lock on the header%'");
            expected.without(refused).assertAllPatched(timestamp(instance));
            Map<CheckOutcome, Long> rolledBack = service.rollback(restarted.executionId(), WriteOptions.defaults(), CheckProgress.NONE);
            List<Path> held = paths("SELECT f.path FROM hp_check c JOIN hp_file f USING (file_id)"
                    + " WHERE c.check_kind = 'ROLLBACK' AND c.reason LIKE '%another process holds %lock%'");
            FhdrExpectations free = expected.without(held);
            free.assertAllUnchanged();
            Instant resumed = Instant.now();
            signal(frozen.process(), "CONT");
            frozen.process().destroy();

            // then: a file the frozen worker held locked is the only one the restart and the rollback left, saying so;
            // the restart had one outcome per file
            assertThat(held).as("at most the one file it was writing").hasSizeLessThanOrEqualTo(1).containsAll(refused);
            assertThat(chunk).containsAll(held);
            assertThat(restarted.outcomes()).containsEntry("IO_ERROR", (long) refused.size());
            assertThat(rolledBack.getOrDefault(CheckOutcome.CONFLICT, 0L) + rolledBack.getOrDefault(CheckOutcome.UNREADABLE, 0L))
                    .isEqualTo(held.size());
            assertThat(frozen.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(restarted.filesDecided()).isEqualTo(2_000L);
            assertThat(count("SELECT COUNT(DISTINCT file_id) FROM hp_outcome")).isEqualTo(2_000L);
            // and: resumed, it wrote no file another writer had written or restored meanwhile, and nothing after its
            // chunk; a rollback once it has ended restores every file
            free.assertAllUnchanged();
            List<WrittenChunk> writes = WrittenChunk.read(writeLog);
            assertThat(writes).noneMatch(w -> w.pid() == frozen.process().pid() && w.endMicros() >= micros(resumed));
            assertNoTwoWritersPerPartition(writes);
            service.rollback(restarted.executionId(), WriteOptions.defaults(), CheckProgress.NONE);
            expected.assertAllUnchanged();
        }
    }

    @Test
    @Timeout(600)
    void afterTheManagerDiesRestartLeavesLivePartitionsAloneAndAfterAbandonAndRollbackNoOldStepRuns(@TempDir Path dir) throws Exception {
        // given: a worker running partitions of a remote launch whose manager is killed with requests still queued
        Path root = Files.createDirectories(dir.resolve("root"));
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(root, 8_000, 22));
        Path writeLog = dir.resolve("writes.log");
        Worker busy = startWorker("busy", root, writeLog, 2);
        Process manager = ChildJvm.start(RemoteManagerChild.class, List.of(db.url(), root.toString(), "8", "50"));
        children.add(manager);
        BufferedReader managerOut = new BufferedReader(new InputStreamReader(manager.getInputStream(), StandardCharsets.UTF_8));
        String line = managerOut.readLine();
        while (line != null && !line.startsWith("EXECUTION ")) {
            line = managerOut.readLine();
        }
        assertThat(line).as("the manager's execution id").isNotNull();
        long execution = Long.parseLong(line.substring("EXECUTION ".length()));

        try (PatchJobService service = manager()) {
            busy.awaitLine("JOURNALED ");
            manager.destroyForcibly().waitFor(1, TimeUnit.MINUTES);

            // when: restart while the worker still beats
            // then: refused, naming the live partition; the queued requests stay for the worker
            assertThatThrownBy(() -> service.restart(execution))
                    .isInstanceOf(JobRequestException.class)
                    .hasMessageContaining("still has partitions running")
                    .hasMessageContaining("on worker busy#");
            assertThat(count("SELECT COUNT(*) FROM int_channel_message")).isPositive();

            // when: the worker is stopped gracefully, the execution abandoned and rolled back, and a new worker starts
            busy.process().destroy();
            assertThat(busy.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
            long queued = count("SELECT COUNT(*) FROM int_channel_message");
            service.abandon(execution);
            service.rollback(execution, WriteOptions.defaults(), CheckProgress.NONE);
            expected.assertAllUnchanged();
            long journaled = count("SELECT COUNT(*) FROM hp_journal");
            long outcomes = count("SELECT COUNT(*) FROM hp_outcome");
            Instant rolledBack = Instant.now();
            startWorker("newcomer", root, writeLog, -1);
            await("the new worker took every queued request").atMost(4, TimeUnit.MINUTES)
                    .until(() -> count("SELECT COUNT(*) FROM int_channel_message") == 0);

            // then: every old request was dropped: no step ran, no file, journal or outcome changed
            assertThat(queued).isPositive();
            assertThat(count("SELECT COUNT(*) FROM hp_step_owner WHERE worker_name = 'newcomer'")).isZero();
            assertThat(count("SELECT COUNT(*) FROM batch_step_execution WHERE job_execution_id = " + execution
                    + " AND status IN ('STARTING', 'STARTED')")).isZero();
            expected.assertAllUnchanged();
            assertThat(count("SELECT COUNT(*) FROM hp_journal")).isEqualTo(journaled);
            assertThat(count("SELECT COUNT(*) FROM hp_outcome")).isEqualTo(outcomes);
            List<WrittenChunk> writes = WrittenChunk.read(writeLog);
            assertThat(writes).isNotEmpty().noneMatch(w -> w.endMicros() >= micros(rolledBack));
            assertNoTwoWritersPerPartition(writes);
        }
    }

    @Test
    @Timeout(600)
    void aWorkerRestartedUnderTheSameNameDoesNotKeepItsPredecessorsPartitionsAlive(@TempDir Path dir) throws Exception {
        // given
        Path root = Files.createDirectories(dir.resolve("root"));
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(root, 2_000, 23));
        Path writeLog = dir.resolve("writes.log");
        Worker first = startWorker("same", root, writeLog, 2);

        try (PatchJobService service = manager()) {
            LaunchRequest request = request(root, 2, 100);
            CompletableFuture<ExecutionSummary> launch = CompletableFuture.supplyAsync(() -> service.launch(request));

            // when: killed mid-partition and started again under the same name
            first.awaitLine("JOURNALED ");
            first.process().destroyForcibly().waitFor(1, TimeUnit.MINUTES);
            Worker second = startWorker("same", root, writeLog, -1);
            ExecutionSummary launched = launch.get(5, TimeUnit.MINUTES);
            ExecutionSummary restarted = service.restart(launched.executionId());

            // then: the dead process's partition FAILED by its lease although "same" beats; the restart completes
            assertThat(launched.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(count("SELECT COUNT(*) FROM batch_step_execution WHERE exit_message LIKE '%worker same#% stopped beating%'"))
                    .isEqualTo(1);
            assertThat(db.jdbc().queryForList("SELECT worker_id FROM hp_worker WHERE worker_name = 'same'", String.class))
                    .hasSize(2).doesNotHaveDuplicates();
            assertThat(second.process().isAlive()).isTrue();
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            expected.assertAllPatched(timestamp(restarted.jobInstanceId()));
            assertNoTwoWritersPerPartition(WrittenChunk.read(writeLog));
        }
    }

    @Test
    @Timeout(600)
    void aManifestPathOutsideTheWorkersRootsFailsItsPartitionWithoutOpeningAFile(@TempDir Path dir) throws Exception {
        // given: a manifest naming files inside and outside the worker's root, all in one partition
        Path inside = Files.createDirectories(dir.resolve("inside"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        List<Path> files = new ArrayList<>(FhdrTree.generate(inside, 50, 24));
        files.addAll(FhdrTree.generate(outside, 50, 25));
        FhdrExpectations expected = new FhdrExpectations(files);
        Path manifest = dir.resolve("manifest.txt");
        Files.write(manifest, files.stream().map(Path::toString).toList());
        startWorker("confined", inside, dir.resolve("writes.log"), -1);

        try (PatchJobService service = manager()) {
            // when
            ExecutionSummary summary = service.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                    new ScanRequest(List.of(), manifest, List.of(), List.of(), null, null, false)).partitions(1).threads(1).chunk(50).build());

            // then: FAILED with the reason, no outcome, no journal, every file as it was
            assertThat(summary.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(db.jdbc().queryForList("SELECT exit_message FROM batch_step_execution WHERE step_name LIKE 'patch-worker:%'",
                    String.class)).singleElement().asString()
                    .contains("worker confined: path " + outside, "is outside this worker's --root [" + inside + "]", "partition not started");
            assertThat(count("SELECT COUNT(*) FROM hp_outcome")).isZero();
            assertThat(count("SELECT COUNT(*) FROM hp_journal")).isZero();
            expected.assertAllUnchanged();
            assertThat(dir.resolve("writes.log")).doesNotExist();
        }
    }

    /** A worker child whose output (its log, and the lines READY and JOURNALED) goes to a file the test reads. */
    private record Worker(Process process, Path out) {
        void awaitLine(String prefix) {
            await("a line " + prefix + " from " + out.getFileName()).atMost(4, TimeUnit.MINUTES)
                    .until(() -> Files.readAllLines(out).stream().anyMatch(line -> line.startsWith(prefix)));
        }

        String line(String prefix) throws IOException {
            return Files.readAllLines(out).stream().filter(line -> line.startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    /** Whether the process is stopped by a signal: state T in /proc/PID/stat. */
    private static boolean stopped(Process process) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
    }

    private Worker startWorker(String name, Path root, Path writeLog, int pauseAt) throws Exception {
        return startWorker(name, root, writeLog, pauseAt, "sleep");
    }

    /** {@code pause}: "sleep" 2 s after the journal of chunk {@code pauseAt}, or "freeze" in the middle of its writes. */
    private Worker startWorker(String name, Path root, Path writeLog, int pauseAt, String pause) throws Exception {
        Path out = writeLog.resolveSibling(name + "-" + System.nanoTime() + ".out");
        Process process = ChildJvm.start(WorkerChild.class, List.of(db.url(), name, "1", root.toString(), writeLog.toString(),
                Integer.toString(pauseAt), pause), ProcessBuilder.Redirect.to(out.toFile()));
        children.add(process);
        Worker worker = new Worker(process, out);
        worker.awaitLine("WORKER " + name + " READY");
        return worker;
    }

    private PatchJobService manager() {
        return new PatchJobService(db.dataSource(), PatchJobSettings.remoteManager(PatchJobSettings.HEARTBEAT.multipliedBy(PatchJobSettings.LEASE_HEARTBEATS), Duration.ofMinutes(10)));
    }

    private static LaunchRequest request(Path root, int partitions, int chunk) throws Exception {
        return LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                new ScanRequest(List.of(root), null, List.of(), List.of(), null, null, false))
                .partitions(partitions).threads(1).chunk(chunk).build();
    }

    private List<Path> paths(String sql) {
        return db.jdbc().queryForList(sql, String.class).stream().map(Path::of).toList();
    }

    private long count(String sql) {
        return db.jdbc().queryForObject(sql, Long.class);
    }

    private long timestamp(long instanceId) {
        return db.jdbc().queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?", Long.class, instanceId);
    }

    static void signal(Process process, String signal) throws Exception {
        if (process.isAlive()) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    /** Within one partition, the chunks written by different processes never overlap in time. */
    private static void assertNoTwoWritersPerPartition(List<WrittenChunk> writes) {
        Map<String, List<WrittenChunk>> byPartition = writes.stream().collect(Collectors.groupingBy(WrittenChunk::partition));
        byPartition.forEach((partition, chunks) -> {
            for (WrittenChunk a : chunks) {
                for (WrittenChunk b : chunks) {
                    if (a.pid() != b.pid()) {
                        assertThat(a.endMicros() < b.startMicros() || b.endMicros() < a.startMicros())
                                .as("%s written by two processes at once: %s and %s", partition, a, b).isTrue();
                    }
                }
            }
        });
        Map<Long, Long> writers = new HashMap<>();
        for (WrittenChunk chunk : writes) {
            for (long file : chunk.fileIds()) {
                Long other = writers.putIfAbsent(file, chunk.pid());
                assertThat(other == null || other == chunk.pid() || isSequential(writes, file))
                        .as("file %d written by processes %d and %d", file, other, chunk.pid()).isTrue();
            }
        }
    }

    /** A file written by two processes one after the other (a takeover after the first lost its claim). */
    private static boolean isSequential(List<WrittenChunk> writes, long file) {
        List<WrittenChunk> with = writes.stream().filter(w -> Arrays.stream(w.fileIds()).anyMatch(id -> id == file)).toList();
        for (WrittenChunk a : with) {
            for (WrittenChunk b : with) {
                if (a.pid() != b.pid() && !(a.endMicros() < b.startMicros() || b.endMicros() < a.startMicros())) {
                    return false;
                }
            }
        }
        return true;
    }

    private record WrittenChunk(long pid, String partition, long startMicros, long endMicros, long[] fileIds) {

        static List<WrittenChunk> read(Path log) throws IOException {
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log).stream().map(line -> line.split(" ")).map(f -> new WrittenChunk(Long.parseLong(f[0]), f[1],
                    Long.parseLong(f[2]), Long.parseLong(f[3]), Arrays.stream(f[4].split(",")).mapToLong(Long::parseLong).toArray()))
                    .toList();
        }

        @Override
        public String toString() {
            return "pid=" + pid + " " + partition + " [" + startMicros + ", " + endMicros + "] files=" + fileIds.length;
        }
    }
}
