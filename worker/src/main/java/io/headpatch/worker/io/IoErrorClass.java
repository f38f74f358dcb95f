package io.headpatch.worker.io;

/**
 * What kind of failure an IO_ERROR is, by the errno of the failed call (never by the words of its
 * message, which depend on the C library and the locale).
 */
public enum IoErrorClass {
    /** EROFS: the filesystem is mounted read-only; systemic, not one file's problem. */
    READ_ONLY_FILESYSTEM(Posix.EROFS),
    /** ENOSPC: no space left on the device. */
    NO_SPACE(Posix.ENOSPC),
    /** Anything else, or no errno: one file's problem. */
    OTHER(0);

    private final int errno;

    IoErrorClass(int errno) {
        this.errno = errno;
    }

    /** The class of a failed call's errno; OTHER for 0 (no call failed) or any errno not named here. */
    public static IoErrorClass of(int errno) {
        for (IoErrorClass kind : values()) {
            if (kind.errno != 0 && kind.errno == errno) {
                return kind;
            }
        }
        return OTHER;
    }

    /** Whether every write on the same filesystem would fail the same way, so that the whole partition should fail. */
    public boolean isSystemic() {
        return this == READ_ONLY_FILESYSTEM;
    }
}
