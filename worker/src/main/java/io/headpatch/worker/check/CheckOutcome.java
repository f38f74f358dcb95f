package io.headpatch.worker.check;

/** What verify or rollback found for one file. */
public enum CheckOutcome {
    /** verify: the header equals the journaled after-image. */
    MATCHES,
    /** verify: the header differs from the after-image; the reason shows both. */
    MISMATCH,
    /** rollback: the after-image was replaced by the journaled original. */
    ROLLED_BACK,
    /** rollback: the header already equals the original; nothing written. */
    ALREADY_ORIGINAL,
    /** rollback: the header is neither the after-image nor the original (changed by someone else); untouched. */
    CONFLICT,
    /** The file is missing, not regular, shorter than the header, or unreadable; the reason says which. */
    UNREADABLE;

    public boolean isProblem() {
        return this == MISMATCH || this == CONFLICT || this == UNREADABLE;
    }
}
