package io.headpatch.job;

/** The status of a job execution or partition, as the job repository stores it (Spring Batch's BatchStatus names). */
public enum ExecutionStatus {
    COMPLETED, STARTING, STARTED, STOPPING, STOPPED, FAILED, ABANDONED, UNKNOWN;

    /** A partition in one of these did not complete and will not go on by itself: restart runs it again. */
    public boolean isUnfinished() {
        return this == FAILED || this == STOPPED || this == ABANDONED;
    }

    /** Running, about to, or stopping after its current chunk: its worker may still write. */
    public boolean isRunning() {
        return this == STARTING || this == STARTED || this == STOPPING;
    }
}
