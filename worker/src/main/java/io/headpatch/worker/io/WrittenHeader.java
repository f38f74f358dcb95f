package io.headpatch.worker.io;

/** One file after {@link HeaderWriter#write}: still open (and mapped, in MMAP mode) until closed. */
public interface WrittenHeader extends AutoCloseable {

    /** WRITTEN, unless the checks, the write, a sync or the close failed. */
    WriteResult result();

    /**
     * Makes the written header durable ({@code fdatasync}, which on Linux also flushes the pages dirtied
     * through a shared mapping). Does nothing unless the result is WRITTEN; a failure turns it into IO_ERROR.
     * May run on another thread than the write, but not concurrently with {@link #close()}.
     */
    void sync();

    /** Unmaps, closes, and restores the mtime if asked; never throws, safe to call twice. */
    @Override
    void close();
}
