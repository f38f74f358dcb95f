package io.headpatch.worker.io;

import java.io.IOException;

/**
 * Why a file could not be reached or opened as a regular file, classified by errno (never by the words of the
 * message): {@link Kind#GONE}, {@link Kind#NOT_REGULAR}, {@link Kind#CHANGED} (a folder on the way, or the file,
 * is no longer what the scan saw) or {@link Kind#IO_ERROR}.
 */
public final class FileAccessException extends IOException {

    public enum Kind {
        GONE, NOT_REGULAR, CHANGED, IO_ERROR
    }

    private final Kind kind;
    private final int errno;

    FileAccessException(Kind kind, int errno, String reason) {
        super(reason);
        this.kind = kind;
        this.errno = errno;
    }

    /** A failed call: {@code what} ("open failed"), the component it failed on, or null for the file itself. */
    static FileAccessException of(int errno, String what, String component) {
        String where = component == null ? "" : " at " + component;
        return switch (errno) {
            case Posix.ENOENT -> new FileAccessException(Kind.GONE, errno, "no such file" + where);
            default -> new FileAccessException(Kind.IO_ERROR, errno, what + where + ": " + Posix.reason(errno));
        };
    }

    public Kind kind() {
        return kind;
    }

    /** The errno of the failed call, or 0 when the refusal is headpatch's own (a type or identity check). */
    public int errno() {
        return errno;
    }

    /** The class of the failure by its errno. */
    public IoErrorClass errorClass() {
        return IoErrorClass.of(errno);
    }
}
