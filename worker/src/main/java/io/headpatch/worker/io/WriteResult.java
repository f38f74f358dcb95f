package io.headpatch.worker.io;

import java.util.Objects;

/**
 * What happened to one {@link WriteRequest}.
 *
 * @param reason why the header was not written (or not made durable), with the OS reason where there is one;
 *               {@code null} exactly when the status is {@link Status#WRITTEN}
 * @param errno  the errno of the failed call, 0 when there is none (classify by it, never by the reason's words)
 */
public record WriteResult(WriteRequest request, Status status, String reason, int errno) {

    public enum Status {
        /** The header is in the file (and synced, unless the sync mode is NONE). */
        WRITTEN,
        /** The file no longer exists. */
        GONE,
        /** Size, identity or a folder on the way differs from the request: the file was left untouched. */
        CHANGED,
        /** A link, directory, FIFO, device or socket: never opened for writing, never followed. */
        NOT_REGULAR,
        /** Opening, writing, syncing or closing failed; the reason says which and why. */
        IO_ERROR
    }

    public WriteResult {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        if ((status == Status.WRITTEN) != (reason == null)) {
            throw new IllegalArgumentException("status=" + status + " needs " + (reason == null ? "a" : "no") + " reason");
        }
    }

    /** The class of the failure by its errno; {@link IoErrorClass#OTHER} when written or refused without a call failing. */
    public IoErrorClass errorClass() {
        return IoErrorClass.of(errno);
    }

    static WriteResult written(WriteRequest request) {
        return new WriteResult(request, Status.WRITTEN, null, 0);
    }

    static WriteResult failed(WriteRequest request, Status status, String reason) {
        return new WriteResult(request, status, reason, 0);
    }

    static WriteResult failed(WriteRequest request, FileAccessException e) {
        Status status = switch (e.kind()) {
            case GONE -> Status.GONE;
            case NOT_REGULAR -> Status.NOT_REGULAR;
            case CHANGED -> Status.CHANGED;
            case IO_ERROR -> Status.IO_ERROR;
        };
        return new WriteResult(request, status, e.getMessage(), e.errno());
    }
}
