package io.headpatch.job;

import io.headpatch.job.patch.FailureLimit;
import io.headpatch.job.scan.ScanRequest;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.spec.HeaderSpec;

import java.util.Objects;

/**
 * Everything a launch needs. {@code runId} null means a fresh instance (the launch time);
 * the same run id with the same spec and files names the same instance, so schedules are idempotent.
 */
public record LaunchRequest(HeaderSpec spec, ScanRequest scan, int partitions, int threads, int chunk,
                            IoMode ioMode, SyncMode syncMode, int syncParallelism, boolean preserveMtime,
                            boolean dryRun, String runId, FailureLimit maxFailures, boolean verify) {

    public static final int DEFAULT_PARTITIONS = 8;
    public static final int DEFAULT_THREADS = 4;
    public static final int DEFAULT_CHUNK = 500;
    public static final int DEFAULT_SYNC_PARALLELISM = 16;

    public LaunchRequest {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(scan, "scan");
        positive("partitions", partitions);
        positive("threads", threads);
        positive("chunk", chunk);
        positive("sync parallelism", syncParallelism);
        ioMode = ioMode == null ? IoMode.MMAP : ioMode;
        syncMode = syncMode == null ? SyncMode.BATCH : syncMode;
        maxFailures = maxFailures == null ? FailureLimit.NONE : maxFailures;
    }

    /** Defaults for everything but the spec and the files. */
    public static LaunchRequest of(HeaderSpec spec, ScanRequest scan) {
        return new LaunchRequest(spec, scan, DEFAULT_PARTITIONS, DEFAULT_THREADS, DEFAULT_CHUNK, IoMode.MMAP,
                SyncMode.BATCH, DEFAULT_SYNC_PARALLELISM, false, false, null, FailureLimit.NONE, false);
    }

    public LaunchRequest withPartitions(int partitions, int threads) {
        return new LaunchRequest(spec, scan, partitions, threads, chunk, ioMode, syncMode, syncParallelism,
                preserveMtime, dryRun, runId, maxFailures, verify);
    }

    public LaunchRequest withChunk(int chunk) {
        return new LaunchRequest(spec, scan, partitions, threads, chunk, ioMode, syncMode, syncParallelism,
                preserveMtime, dryRun, runId, maxFailures, verify);
    }

    public LaunchRequest withDryRun(boolean dryRun) {
        return new LaunchRequest(spec, scan, partitions, threads, chunk, ioMode, syncMode, syncParallelism,
                preserveMtime, dryRun, runId, maxFailures, verify);
    }

    public LaunchRequest withRunId(String runId) {
        return new LaunchRequest(spec, scan, partitions, threads, chunk, ioMode, syncMode, syncParallelism,
                preserveMtime, dryRun, runId, maxFailures, verify);
    }

    public LaunchRequest withMaxFailures(FailureLimit maxFailures) {
        return new LaunchRequest(spec, scan, partitions, threads, chunk, ioMode, syncMode, syncParallelism,
                preserveMtime, dryRun, runId, maxFailures, verify);
    }

    public LaunchRequest withVerify(boolean verify) {
        return new LaunchRequest(spec, scan, partitions, threads, chunk, ioMode, syncMode, syncParallelism,
                preserveMtime, dryRun, runId, maxFailures, verify);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new JobRequestException(JobRequestException.Problem.INPUT, name + "=" + value + " must be at least 1");
        }
    }
}
