package io.headpatch.job;

import java.util.Map;

/**
 * The partition requests of remote launches waiting in the database for a worker, and the worker processes alive to
 * take them (beating within the lease): what tells an operator, or an autoscaler, that workers are missing.
 *
 * @param waiting     requests still queued, per job execution id (executions with none are absent)
 * @param liveWorkers worker processes that beat within the lease and have not stopped
 */
public record RemoteQueue(Map<Long, Integer> waiting, int liveWorkers) {

    public RemoteQueue {
        waiting = Map.copyOf(waiting);
    }

    /** Requests of {@code executionId} still queued. */
    public int waiting(long executionId) {
        return waiting.getOrDefault(executionId, 0);
    }
}
