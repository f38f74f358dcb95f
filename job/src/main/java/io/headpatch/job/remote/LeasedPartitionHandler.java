package io.headpatch.job.remote;

import io.headpatch.job.support.PeriodicTask;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;

import java.time.Duration;
import java.util.Collection;

/**
 * The manager side of remote partitioning: Spring Batch's MessageChannelPartitionHandler sends one
 * request per partition and follows the partitions in the job repository, while a lease monitor
 * fails the partitions of dead workers and, once the job is asked to stop, withdraws the requests no worker took, so
 * that waiting always ends.
 */
public final class LeasedPartitionHandler implements PartitionHandler {

    private final MessageChannelPartitionHandler delegate;
    private final WorkerLeaseMonitor monitor;
    private final QueuedPartitions queue;
    private final Duration checkEvery;

    public LeasedPartitionHandler(MessageChannelPartitionHandler delegate, WorkerLeaseMonitor monitor, QueuedPartitions queue,
                                  Duration checkEvery) {
        this.delegate = delegate;
        this.monitor = monitor;
        this.queue = queue;
        this.checkEvery = checkEvery;
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStepExecution) throws Exception {
        long jobExecutionId = managerStepExecution.getJobExecutionId();
        try (PeriodicTask leases = PeriodicTask.after("lease-monitor", checkEvery, () -> {
            monitor.failOrphans(jobExecutionId);
            queue.withdrawIfStopping(jobExecutionId);
        })) {
            return delegate.handle(splitter, managerStepExecution);
        }
    }
}
