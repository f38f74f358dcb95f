package io.headpatch.job.outcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import java.util.List;

/**
 * Turns UNKNOWN (a chunk whose rollback failed, typically because the database went away) into
 * FAILED. Spring Batch refuses to restart UNKNOWN because it cannot tell what was committed; here a
 * chunk's outcomes and checkpoint commit in one transaction and re-running a chunk is safe (the
 * crash protocol), so either way the restart resumes from a consistent checkpoint.
 */
public class UnknownStatusResolver implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(UnknownStatusResolver.class);

    static final String REASON = "the chunk's transaction could not be rolled back (database unreachable?); "
            + "outcomes and checkpoint commit together, so a restart resumes safely";

    private final JobRepository jobRepository;

    public UnknownStatusResolver(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    /**
     * Before the job's own final update, so that update stores FAILED. The job first, in memory: a step's update may
     * fail here (the database still away, or the step's row already written by the commit that reported failure), and
     * the run must still end FAILED, which {@code restart} continues; {@link #resolve} fixes such a step then.
     */
    @Override
    public void afterJob(JobExecution execution) {
        failIfUnknown(execution);
        for (StepExecution step : unknownSteps(execution)) {
            try {
                failStep(step);
            } catch (RuntimeException e) {
                log.info("step {} stays UNKNOWN until the restart resolves it: {}", step.getStepName(), e.getMessage());
            }
        }
    }

    /** For an execution found UNKNOWN afterwards (the final update failed too); persists the change. */
    public void resolve(JobExecution execution) {
        unknownSteps(execution).forEach(this::failStep);
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

    private static List<StepExecution> unknownSteps(JobExecution execution) {
        return execution.getStepExecutions().stream().filter(step -> step.getStatus() == BatchStatus.UNKNOWN).toList();
    }

    private void failStep(StepExecution step) {
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(ExitStatus.FAILED.addExitDescription(REASON));
        jobRepository.update(step);
    }
}
