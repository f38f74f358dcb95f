package io.headpatch.worker.check;

/** What verify or rollback found for one file. */
public enum CheckOutcome {
    /** verify: the header equals the journaled after-image. */
    MATCHES,
    /** verify: the header differs from the after-image (or is a torn mix); the reason shows the images. */
    MISMATCH,
    /** rollback: the after-image, or a torn mix of it and the original, was replaced by the journaled original. */
    ROLLED_BACK,
    /** rollback: the header already equals the original; nothing written. */
    ALREADY_ORIGINAL,
    /**
     * Nothing of headpatch's is in the header: verify found the original of a file whose outcome is not done (its
     * write never happened, or failed before it), or the file's outcome says headpatch left it alone (changed
     * since the scan, gone, not regular) and it holds someone else's header. Nothing to check or restore.
     */
    UNTOUCHED,
    /**
     * rollback: untouched, because the header is none of the original, the after-image or a mix of them (changed by
     * someone else), or the file at the path is not the one written (another device or inode than the journal's), or
     * it has more than one link; the reason says which.
     */
    CONFLICT,
    /** The file is missing, not regular, shorter than the header, or unreadable; the reason says which. */
    UNREADABLE;

    public boolean isProblem() {
        return this == MISMATCH || this == CONFLICT || this == UNREADABLE;
    }
}
