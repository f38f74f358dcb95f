package io.headpatch.job;

import java.time.Duration;

/**
 * A worker process of remote partitioning: takes the partitions that {@code launch --remote} sends
 * through the database and runs them, until {@link #stop()}.
 */
public interface PartitionWorker {

    /** Runs until {@link #stop()}; returns once every running partition has stopped or finished. */
    void run() throws InterruptedException;

    /** Stops taking partitions; running ones stop after their current chunk (STOPPED, restartable). Returns at once. */
    void stop();

    /** This process's identity: its name plus a random id drawn once per process. */
    String workerId();

    /** Waits until {@link #run()} has returned. */
    boolean awaitStopped(Duration timeout) throws InterruptedException;
}
