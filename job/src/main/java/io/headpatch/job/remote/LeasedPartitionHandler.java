package io.headpatch.job.remote;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;

import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The manager side of remote partitioning: Spring Batch's MessageChannelPartitionHandler sends one
 * request per partition and follows the partitions in the job repository, while a lease monitor
 * fails the partitions of dead workers so that waiting always ends.
 */
public final class LeasedPartitionHandler implements PartitionHandler {

    private final MessageChannelPartitionHandler delegate;
    private final WorkerLeaseMonitor monitor;
    private final long checkEveryMillis;

    public LeasedPartitionHandler(MessageChannelPartitionHandler delegate, WorkerLeaseMonitor monitor, long checkEveryMillis) {
        this.delegate = delegate;
        this.monitor = monitor;
        this.checkEveryMillis = checkEveryMillis;
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStepExecution) throws Exception {
        long jobExecutionId = managerStepExecution.getJobExecutionId();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lease-monitor");
            thread.setDaemon(true);
            return thread;
        });
        try {
            timer.scheduleWithFixedDelay(() -> {
                try {
                    monitor.failOrphans(jobExecutionId);
                } catch (RuntimeException e) {
                    // The next round retries; the handler's own polling reports a lasting outage.
                }
            }, checkEveryMillis, checkEveryMillis, TimeUnit.MILLISECONDS);
            return delegate.handle(splitter, managerStepExecution);
        } finally {
            timer.shutdownNow();
        }
    }
}
