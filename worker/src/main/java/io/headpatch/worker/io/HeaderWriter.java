package io.headpatch.worker.io;

/**
 * Writes one planned header into its file, leaving the file open so that a batch can be synced together.
 * One implementation per {@link IoMode}: {@link MappedHeaderWriter}, {@link PositionalHeaderWriter}.
 */
public interface HeaderWriter extends AutoCloseable {

    /**
     * Re-checks the file of the request (regular, same size, same file key), then writes its header.
     * Never throws for a per-file problem: the handle's result says what happened. The caller must
     * {@link WrittenHeader#close() close} the handle, whatever its result.
     */
    default WrittenHeader write(WriteRequest request) {
        return write(request, WriteDeadline.NONE);
    }

    /** As {@link #write(WriteRequest)}, asking {@code deadline} once the file is locked, before its last checks. */
    WrittenHeader write(WriteRequest request, WriteDeadline deadline);

    /** After the last write of a batch, before its sync: releases what the batch's writes hold (MMAP: its slots). */
    default void endBatch() {
    }

    /** Releases what the writer holds; safe to call twice. */
    @Override
    default void close() {
    }

    static HeaderWriter of(IoMode ioMode, boolean preserveMtime) {
        return switch (ioMode) {
            case MMAP -> new MappedHeaderWriter(preserveMtime);
            case PWRITE -> new PositionalHeaderWriter(preserveMtime);
        };
    }
}
