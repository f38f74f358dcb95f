package io.headpatch.job;

import java.util.function.LongConsumer;

/**
 * Starting and ending patch jobs. Launch and restart run in the calling thread to the job's end;
 * {@code onStart} learns the execution id as soon as it exists (for progress).
 *
 * @throws JobRequestException from every method: INPUT, CONFLICT or NOT_FOUND, with a message for people
 */
public interface JobLifecycle {

    /** Runs a new job instance to its end (COMPLETED or FAILED) and summarizes it. */
    ExecutionSummary launch(LaunchRequest request, LongConsumer onStart);

    default ExecutionSummary launch(LaunchRequest request) {
        return launch(request, id -> { });
    }

    /**
     * Restarts a FAILED or STOPPED execution's instance; one left STARTED by a dead process is
     * recovered first. The partitions that did not complete run from their checkpoints, and every file that failed
     * (IO_ERROR, GONE, CHANGED_SINCE_SCAN) is planned again from a new open; its outcome replaces the failed one.
     */
    ExecutionSummary restart(long executionId, LongConsumer onStart);

    default ExecutionSummary restart(long executionId) {
        return restart(executionId, id -> { });
    }

    /**
     * Runs the failed files (IO_ERROR, GONE, CHANGED_SINCE_SCAN) of a COMPLETED execution again, as a new launch: a
     * manifest of their paths under the same roots, the spec and options it was launched with, a new run id. The two
     * executions name each other ({@link ExecutionSummary#retryOf()}, {@link ExecutionSummary#retriedBy()}).
     */
    ExecutionSummary retry(long executionId, LongConsumer onStart);

    default ExecutionSummary retry(long executionId) {
        return retry(executionId, id -> { });
    }

    /** Asks a running execution to stop after its current chunks; returns at once. */
    void stop(long executionId);

    /** Marks a stopped or failed execution ABANDONED so it is never restarted. */
    ExecutionSummary abandon(long executionId);
}
