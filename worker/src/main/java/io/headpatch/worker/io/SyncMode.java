package io.headpatch.worker.io;

/** When written headers are made durable ({@code fdatasync}). */
public enum SyncMode {
    /** Never: the page cache decides. */
    NONE,
    /** After every file of the batch is written, all of them concurrently. */
    BATCH,
    /** Right after each file's own write, one file at a time. */
    EACH,
    /**
     * Linux only, opt-in: after every file of the batch is written, one {@code syncfs} per filesystem of the
     * batch instead of an {@code fdatasync} per file. As durable as BATCH; it also writes back whatever else is
     * dirty on that filesystem, so it suits filesystems that other programs do not keep busy with writes.
     */
    SYNCFS;

    /** Why this mode cannot be used on this machine, or null when it can. */
    public String unavailableReason() {
        return this == SYNCFS ? FileSystemSync.unavailableReason() : null;
    }
}
