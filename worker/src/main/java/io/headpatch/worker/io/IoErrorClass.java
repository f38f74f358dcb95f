package io.headpatch.worker.io;

/**
 * What kind of failure an IO_ERROR's OS reason names. The JDK gives the reason as the C library's
 * {@code strerror} text, without the errno; this is the one place that reads it.
 */
public enum IoErrorClass {
    /** EROFS: the filesystem is mounted read-only; systemic, not one file's problem. */
    READ_ONLY_FILESYSTEM("Read-only file system"),
    /** ENOSPC: no space left on the device. */
    NO_SPACE("No space left on device"),
    /** Anything else: one file's problem. */
    OTHER(null);

    private final String strerror;

    IoErrorClass(String strerror) {
        this.strerror = strerror;
    }

    /** The class of an IO_ERROR reason (which carries the OS reason, possibly after context); OTHER for null. */
    public static IoErrorClass of(String reason) {
        if (reason != null) {
            for (IoErrorClass kind : values()) {
                if (kind.strerror != null && reason.contains(kind.strerror)) {
                    return kind;
                }
            }
        }
        return OTHER;
    }

    /** Whether every write on the same filesystem would fail the same way, so that the whole partition should fail. */
    public boolean isSystemic() {
        return this == READ_ONLY_FILESYSTEM;
    }
}
