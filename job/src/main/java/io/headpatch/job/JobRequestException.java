package io.headpatch.job;

/** A request the job layer refuses, with what kind of problem it is; the command line maps kinds to exit codes. */
public final class JobRequestException extends RuntimeException {

    public enum Problem {
        /** Bad input: unknown spec, missing root, bad option. */
        INPUT,
        /** The state forbids it: already running, already complete, not restartable. */
        CONFLICT,
        /** No such execution. */
        NOT_FOUND
    }

    private final Problem problem;

    public JobRequestException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public JobRequestException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
