package io.headpatch.worker.io;

import java.util.Objects;

/**
 * What happened to one {@link WriteRequest}.
 *
 * @param reason why the header was not written (or not made durable), with the OS reason where there is one;
 *               {@code null} exactly when the status is {@link Status#WRITTEN}
 */
public record WriteResult(WriteRequest request, Status status, String reason) {

    public enum Status {
        /** The header is in the file (and synced, unless the sync mode is NONE). */
        WRITTEN,
        /** The file no longer exists. */
        GONE,
        /** Size or file key differs from the request: the file was left untouched. */
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

    static WriteResult written(WriteRequest request) {
        return new WriteResult(request, Status.WRITTEN, null);
    }

    static WriteResult failed(WriteRequest request, Status status, String reason) {
        return new WriteResult(request, status, reason);
    }
}
