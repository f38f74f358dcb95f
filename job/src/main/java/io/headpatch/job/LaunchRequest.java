package io.headpatch.job;

import io.headpatch.job.FailureLimit;
import io.headpatch.job.ScanRequest;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.spec.HeaderSpec;

import java.util.Objects;

/**
 * Everything a launch needs. {@code runId} null means a fresh instance (the launch time);
 * the same run id with the same spec and files names the same instance, so schedules are idempotent.
 *
 * @param allowHardLinks whether a file with more than one hard link may be written (its other names may lie outside
 *                       the roots); by default such a file is NOT_REGULAR "N hard links"
 */
public record LaunchRequest(HeaderSpec spec, ScanRequest scan, int partitions, int threads, int chunk,
                            WriteOptions write, boolean dryRun, String runId, FailureLimit maxFailures, boolean verify,
                            boolean incremental, boolean allowHardLinks) {

    public LaunchRequest {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(scan, "scan");
        positive("partitions", partitions);
        positive("threads", threads);
        positive("chunk", chunk);
        write = write == null ? WriteOptions.defaults() : write;
        maxFailures = maxFailures == null ? FailureLimit.NONE : maxFailures;
    }

    /** The same launch planning every file: not incremental. */
    public LaunchRequest asFullRun() {
        return new LaunchRequest(spec, scan, partitions, threads, chunk, write, dryRun, runId, maxFailures, verify, false,
                allowHardLinks);
    }

    /** Defaults ({@link PatchJobSettings}) for everything but the spec and the files. */
    public static LaunchRequest of(HeaderSpec spec, ScanRequest scan) {
        return builder(spec, scan).build();
    }

    /** Starts from the defaults; each setter overrides one option. */
    public static Builder builder(HeaderSpec spec, ScanRequest scan) {
        return new Builder(spec, scan);
    }

    /** Collects launch options; {@link #build()} validates them and checks the scan. */
    public static final class Builder {
        private final HeaderSpec spec;
        private final ScanRequest scan;
        private int partitions = PatchJobSettings.DEFAULT_PARTITIONS;
        private int threads = PatchJobSettings.DEFAULT_THREADS;
        private int chunk = PatchJobSettings.DEFAULT_CHUNK;
        private WriteOptions write = WriteOptions.defaults();
        private boolean dryRun;
        private String runId;
        private FailureLimit maxFailures = FailureLimit.NONE;
        private boolean verify;
        private boolean incremental;
        private boolean allowHardLinks;

        private Builder(HeaderSpec spec, ScanRequest scan) {
            this.spec = spec;
            this.scan = scan;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder chunk(int chunk) {
            this.chunk = chunk;
            return this;
        }

        /** How headers are written and synced; {@link WriteOptions#defaults()} unless set. */
        public Builder write(WriteOptions write) {
            this.write = write;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder maxFailures(FailureLimit maxFailures) {
            this.maxFailures = maxFailures;
            return this;
        }

        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** Files unchanged since the last COMPLETED instance of the same spec and roots are recorded UNCHANGED, not opened. */
        public Builder incremental(boolean incremental) {
            this.incremental = incremental;
            return this;
        }

        /** Files with more than one hard link are written too, not left NOT_REGULAR. */
        public Builder allowHardLinks(boolean allowHardLinks) {
            this.allowHardLinks = allowHardLinks;
            return this;
        }

        /**
         * The one place the scan is checked against the disk ({@link ScanRequest#validate()}): once, at the
         * launch; a launched request decoded from its job parameters is not checked again.
         *
         * @throws JobRequestException an {@link JobRequestException.Problem#INPUT} error naming the first problem
         */
        public LaunchRequest build() {
            try {
                scan.validate();
            } catch (ScanInputException e) {
                throw new JobRequestException(JobRequestException.Problem.INPUT, e.getMessage(), e);
            }
            return new LaunchRequest(spec, scan, partitions, threads, chunk, write, dryRun, runId, maxFailures, verify,
                    incremental, allowHardLinks);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new JobRequestException(JobRequestException.Problem.INPUT, name + "=" + value + " must be at least 1");
        }
    }
}
