package io.headpatch.worker.io;

import java.util.Objects;

/** How a {@link HeaderBatchWriter} writes and syncs; validated once by {@link Builder#build()}, immutable. */
public final class WriteOptions {

    public static final int DEFAULT_SYNC_PARALLELISM = 16;

    private final IoMode ioMode;
    private final SyncMode syncMode;
    private final int syncParallelism;
    private final boolean preserveMtime;

    private WriteOptions(Builder builder) {
        this.ioMode = builder.ioMode;
        this.syncMode = builder.syncMode;
        this.syncParallelism = builder.syncParallelism;
        this.preserveMtime = builder.preserveMtime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** MMAP, BATCH, 16 syncs in flight, mtime not preserved. */
    public static WriteOptions defaults() {
        return builder().build();
    }

    public IoMode ioMode() {
        return ioMode;
    }

    public SyncMode syncMode() {
        return syncMode;
    }

    /** How many files a BATCH sync (or a SYNCFS that met a writeback error) keeps in {@code fdatasync} at once. */
    public int syncParallelism() {
        return syncParallelism;
    }

    /** Whether each written file gets its last-modified time back after the sync. */
    public boolean preserveMtime() {
        return preserveMtime;
    }

    @Override
    public String toString() {
        return "ioMode=" + ioMode + " syncMode=" + syncMode + " syncParallelism=" + syncParallelism
                + " preserveMtime=" + preserveMtime;
    }

    public static final class Builder {

        private IoMode ioMode = IoMode.MMAP;
        private SyncMode syncMode = SyncMode.BATCH;
        private int syncParallelism = DEFAULT_SYNC_PARALLELISM;
        private boolean preserveMtime;

        private Builder() {
        }

        public Builder ioMode(IoMode ioMode) {
            this.ioMode = ioMode;
            return this;
        }

        public Builder syncMode(SyncMode syncMode) {
            this.syncMode = syncMode;
            return this;
        }

        public Builder syncParallelism(int syncParallelism) {
            this.syncParallelism = syncParallelism;
            return this;
        }

        public Builder preserveMtime(boolean preserveMtime) {
            this.preserveMtime = preserveMtime;
            return this;
        }

        public WriteOptions build() {
            Objects.requireNonNull(ioMode, "ioMode");
            Objects.requireNonNull(syncMode, "syncMode");
            if (syncMode.unavailableReason() != null) {
                throw new IllegalArgumentException(syncMode.unavailableReason());
            }
            if (syncParallelism < 1) {
                throw new IllegalArgumentException("syncParallelism=" + syncParallelism + " must be >= 1");
            }
            return new WriteOptions(this);
        }
    }
}
