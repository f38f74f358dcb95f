package io.headpatch.job.outcome;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Turns UNKNOWN (a chunk whose rollback failed, typically because the database went away) into
 * FAILED. Spring Batch refuses to restart UNKNOWN because it cannot tell what was committed; here a
 * chunk's outcomes and checkpoint commit in one transaction and re-running a chunk is safe (the
 * crash protocol), so either way the restart resumes from a consistent checkpoint.
 */
public class UnknownStatusResolver implements JobExecutionListener {

    static final String REASON = "the chunk's transaction could not be rolled back (database unreachable?); "
            + "outcomes and checkpoint commit together, so a restart resumes safely";

    private final JobRepository jobRepository;

    public UnknownStatusResolver(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    /** Before the job's own final update, so that update stores FAILED. */
    @Override
    public void afterJob(JobExecution execution) {
        resolveSteps(execution);
        failIfUnknown(execution);
    }

    /** For an execution found UNKNOWN afterwards (the final update failed too); persists the change. */
    public void resolve(JobExecution execution) {
        resolveSteps(execution);
        if (failIfUnknown(execution)) {
            jobRepository.update(execution);
        }
    }

    private static boolean failIfUnknown(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.UNKNOWN) {
            return false;
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(ExitStatus.FAILED.addExitDescription(REASON));
        return true;
    }

    private void resolveSteps(JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.UNKNOWN) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED.addExitDescription(REASON));
                jobRepository.update(step);
            }
        }
    }
}
