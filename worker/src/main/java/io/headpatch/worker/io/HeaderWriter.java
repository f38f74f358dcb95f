package io.headpatch.worker.io;

/**
 * Writes one planned header into its file, leaving the file open so that a batch can be synced together.
 * One implementation per {@link IoMode}: {@link MappedHeaderWriter}, {@link PositionalHeaderWriter}.
 */
public interface HeaderWriter {

    /**
     * Re-checks the file of the request (regular, same size, same file key), then writes its header.
     * Never throws for a per-file problem: the handle's result says what happened. The caller must
     * {@link WrittenHeader#close() close} the handle, whatever its result.
     */
    WrittenHeader write(WriteRequest request);

    static HeaderWriter of(IoMode ioMode, boolean preserveMtime) {
        return switch (ioMode) {
            case MMAP -> new MappedHeaderWriter(preserveMtime);
            case PWRITE -> new PositionalHeaderWriter(preserveMtime);
        };
    }
}
