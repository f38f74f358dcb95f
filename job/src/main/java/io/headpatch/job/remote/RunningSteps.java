package io.headpatch.job.remote;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partition step executions running in this JVM, so a graceful stop can ask each to end after
 * its current chunk (terminate-only is checked at every chunk boundary).
 */
public class RunningSteps implements StepExecutionListener {

    private final Set<StepExecution> running = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeStep(StepExecution stepExecution) {
        running.add(stepExecution);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        running.remove(stepExecution);
        return null;
    }

    public void stopAll() {
        running.forEach(StepExecution::setTerminateOnly);
    }
}
