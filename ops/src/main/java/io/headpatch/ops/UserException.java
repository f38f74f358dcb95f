package io.headpatch.ops;

/** A mistake or refusal the user can act on: printed as one line, exiting with {@link #exitCode()}. */
public class UserException extends RuntimeException {

    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static UserException usage(String message) {
        return new UserException(ExitCodes.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
