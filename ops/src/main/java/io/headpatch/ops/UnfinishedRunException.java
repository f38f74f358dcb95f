package io.headpatch.ops;

/**
 * A launch or restart that failed after its execution existed (the database went away, say): reported as the
 * cause's one line and exit code, followed by the command that resumes the execution.
 */
public final class UnfinishedRunException extends RuntimeException {

    private final String resumeCommand;

    public UnfinishedRunException(String resumeCommand, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.resumeCommand = resumeCommand;
    }

    public String resumeCommand() {
        return resumeCommand;
    }
}
