package io.headpatch.worker.plan;

/** What happened to one file in one job instance (docs/outcomes.md). */
public enum Outcome {
    /** Header rewritten, synced, journaled. */
    PATCHED,
    /** The current header already equals the target: nothing written. */
    ALREADY_DONE,
    /** A torn header (every byte equal to its journaled before- or after-byte) re-applied. */
    REPAIRED,
    /** A guard failed: not this format or version; untouched. */
    NOT_MATCHING,
    /** The file is shorter than the header; untouched. */
    TOO_SHORT,
    /** Size or mtime differs from the manifest, or the path now names another file; untouched. */
    CHANGED_SINCE_SCAN,
    /** Symlink, directory, FIFO, device or socket: never opened for writing, never followed. */
    NOT_REGULAR,
    /** The OS refused a read, write or sync; the reason says which. */
    IO_ERROR,
    /** The file no longer exists. */
    GONE,
    /**
     * Not opened: an incremental launch found it identical (device, inode, size, mtime, ctime) to the
     * baseline run's file of that path, whose outcome was final; the reason names that outcome.
     */
    UNCHANGED;

    /** True for the outcomes that count against a job's failure limit; the rest are done or skipped. */
    public boolean isFailure() {
        return this == IO_ERROR || this == GONE || this == CHANGED_SINCE_SCAN;
    }

    /** True when the file's header is at its target after this outcome. */
    public boolean isDone() {
        return this == PATCHED || this == ALREADY_DONE || this == REPAIRED;
    }

    /**
     * True when this run has nothing left to do for the file: its header is at its target, or it is
     * UNCHANGED since a baseline whose outcome was final. Reports list every other file as not done.
     */
    public boolean isSettled() {
        return isDone() || this == UNCHANGED;
    }

    /**
     * True when reading the same, unchanged file again would decide the same: an incremental launch
     * records such a file UNCHANGED instead of opening it. A failure, or a file skipped for its type, is
     * read again.
     */
    public boolean isFinal() {
        return isDone() || this == NOT_MATCHING || this == TOO_SHORT || this == UNCHANGED;
    }

    /** True when the plan requires writing the header. */
    public boolean needsWrite() {
        return this == PATCHED || this == REPAIRED;
    }
}
