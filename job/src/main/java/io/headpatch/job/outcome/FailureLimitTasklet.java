package io.headpatch.job.outcome;

import io.headpatch.job.FailureLimit;
import io.headpatch.job.scan.ManifestRecord;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.support.SqlLists;
import io.headpatch.worker.plan.Outcome;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.function.Supplier;

/** Fails the job when more files failed than the launch allowed; per-file failures never fail a step. */
public record FailureLimitTasklet(JdbcTemplate jdbc, Supplier<PatchJobParameters> parameters) implements Tasklet {

    private static final String FAILURES = """
            SELECT COUNT(*) FROM hp_outcome
            WHERE manifest_id = ? AND outcome IN (%s)""".formatted(SqlLists.of(Outcome.class, Outcome::isFailure));

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        FailureLimit limit = parameters.get().launch().maxFailures();
        ManifestRecord manifest = ManifestRecord.of(jdbc, stepExecution.getJobExecution().getJobInstance().getInstanceId());
        long failures = jdbc.queryForObject(FAILURES, Long.class, manifest.manifestId());
        if (limit.exceededBy(failures, manifest.fileCount())) {
            throw new FailureLimitExceededException("failed files=" + failures + " of " + manifest.fileCount()
                    + " exceed max-failures=" + limit + " (see the report for reasons)");
        }
        return RepeatStatus.FINISHED;
    }

    public static final class FailureLimitExceededException extends RuntimeException {
        FailureLimitExceededException(String message) {
            super(message);
        }
    }
}
