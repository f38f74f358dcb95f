package io.headpatch.job.partition;

import io.headpatch.job.chunk.FileIdKeysetReader;
import io.headpatch.job.support.SqlLists;
import io.headpatch.worker.plan.Outcome;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Spring Batch's split (the partitions not yet COMPLETED, each from its checkpoint), plus a restart's retry: every
 * partition whose range holds a file whose outcome can change (a failure: IO_ERROR, GONE, CHANGED_SINCE_SCAN) runs
 * again from the start of its range, COMPLETED or not; its reader then reads only the files without a final outcome
 * ({@link FileIdKeysetReader}). On a first run no file has an outcome yet, so this adds nothing.
 */
public class RetryingStepExecutionSplitter implements StepExecutionSplitter {

    // Spelled with the failure index's predicate too, so that the planner uses that partial index.
    private static final String HOLDS_FAILURES = """
            SELECT EXISTS (SELECT 1 FROM hp_outcome
                           WHERE manifest_id = ? AND file_id BETWEEN ? AND ?
                             AND outcome NOT IN (%s) AND outcome IN (%s))""".formatted(
            SqlLists.of(Outcome.class, Outcome::isSettled), SqlLists.of(Outcome.class, Outcome::isFailure));

    private final SimpleStepExecutionSplitter completedOnesSkipped;
    private final JobRepository jobRepository;
    private final Partitioner partitioner;
    private final JdbcTemplate jdbc;

    public RetryingStepExecutionSplitter(JobRepository jobRepository, String stepName, Partitioner partitioner, JdbcTemplate jdbc) {
        this.completedOnesSkipped = new SimpleStepExecutionSplitter(jobRepository, stepName, partitioner);
        this.jobRepository = jobRepository;
        this.partitioner = partitioner;
        this.jdbc = jdbc;
    }

    @Override
    public String getStepName() {
        return completedOnesSkipped.getStepName();
    }

    @Override
    public Set<StepExecution> split(StepExecution managerExecution, int gridSize) throws JobExecutionException {
        Set<StepExecution> toRun = new HashSet<>(completedOnesSkipped.split(managerExecution, gridSize));
        Set<String> running = new HashSet<>();
        for (StepExecution execution : toRun) {
            running.add(execution.getStepName());
            if (holdsFailures(PartitionRange.of(execution))) {
                execution.getExecutionContext().remove(FileIdKeysetReader.CHECKPOINT);
                jobRepository.updateExecutionContext(execution);
            }
        }
        // The stored ranges: the same partitions under the same names whatever the grid size.
        for (Map.Entry<String, ExecutionContext> partition : partitioner.partition(gridSize).entrySet()) {
            String stepName = getStepName() + ":" + partition.getKey();
            if (!running.contains(stepName) && holdsFailures(PartitionRange.of(partition.getValue()))) {
                StepExecution retry = jobRepository.createStepExecution(stepName, managerExecution.getJobExecution());
                retry.setExecutionContext(partition.getValue());
                jobRepository.updateExecutionContext(retry);
                toRun.add(retry);
            }
        }
        return toRun;
    }

    private boolean holdsFailures(PartitionRange range) {
        return Boolean.TRUE.equals(jdbc.queryForObject(HOLDS_FAILURES, Boolean.class, range.manifestId(), range.firstFileId(),
                range.lastFileId()));
    }
}
