package io.headpatch.worker.io;

/** One file after {@link HeaderWriter#write}: still open until closed. */
public interface WrittenHeader extends AutoCloseable {

    /** Why the write was not tried: the deadline had passed once the file was locked; null otherwise. */
    default String deadlinePassed() {
        return null;
    }

    /** WRITTEN, unless the checks, the write, a sync or the close failed. */
    WriteResult result();

    /**
     * Makes the written header durable ({@code fdatasync}, which on Linux also flushes the pages dirtied
     * through a shared mapping). Does nothing unless the result is WRITTEN; a failure turns it into IO_ERROR.
     * May run on another thread than the write, but not concurrently with {@link #close()}.
     */
    void sync();

    /** {@link SyncMode#SYNCFS}: the filesystem (device) of the open file, or -1 unless the result is WRITTEN. */
    long fileSystem();

    /**
     * {@link SyncMode#SYNCFS}: makes this file's whole filesystem durable with one {@code syncfs} through its
     * descriptor. Returns null, or the reason of a writeback error anywhere on that filesystem since this file was
     * opened; the caller then {@link #sync() syncs} each file, which pins the error on the files it hit.
     */
    String syncFileSystem();

    /** Makes a WRITTEN result IO_ERROR: its filesystem reported a writeback error that no file's own sync pinned. */
    void failSync(String reason);

    /** Closes, and restores the mtime if asked; never throws, safe to call twice. */
    @Override
    void close();
}
