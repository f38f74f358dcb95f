package io.headpatch.worker.spec;

/** A spec that cannot be used: unreadable, malformed or inconsistent. The message names source, line and field. */
public final class SpecException extends Exception {

    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
