package io.headpatch.job.outcome;

import io.headpatch.job.CheckProgress;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.scan.ManifestRecord;
import io.headpatch.worker.check.CheckOutcome;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;
import java.util.function.Supplier;

/** The optional verify step: re-reads every written header; any mismatch fails the job. */
public record VerifyTasklet(JdbcTemplate jdbc, Supplier<PatchJobParameters> parameters) implements Tasklet {

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        PatchJobParameters params = parameters.get();
        if (!params.launch().verify() || params.dryRun()) {
            return RepeatStatus.FINISHED;
        }
        long manifestId = ManifestRecord.of(jdbc, stepExecution.getJobExecution().getJobInstance().getInstanceId()).manifestId();
        Map<CheckOutcome, Long> counts = new JournalCheckRunner(jdbc).verify(manifestId, CheckProgress.NONE);
        long problems = counts.entrySet().stream().filter(e -> e.getKey().isProblem()).mapToLong(Map.Entry::getValue).sum();
        if (problems > 0) {
            throw new IllegalStateException("verify found " + problems + " files whose header is not the one written: " + counts);
        }
        return RepeatStatus.FINISHED;
    }
}
