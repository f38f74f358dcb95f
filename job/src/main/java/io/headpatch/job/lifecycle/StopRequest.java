package io.headpatch.job.lifecycle;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.support.SqlLists;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Asks a running execution to stop as Spring Batch 5 did: marks its job STOPPING and nothing else. Each step's own
 * thread reads that at its next repository update (a chunk's commit, a tasklet's end, a step's start), ends its step
 * STOPPED, and the job ends STOPPED after it; a step not yet begun does not run.
 * <p>
 * Not Spring Batch 6's {@code JobOperator.stop}: it also writes every running step's row from the stopping thread
 * while that step's thread writes the same row, and whichever loses the version race fails, the stop or the run (a
 * stop during the scan ended FAILED, "wrong version"; spring-batch#5120, #5308, #5484); and it marks the job STOPPED,
 * with an end time, before the run has ended. Here each row keeps one writer. One statement, so that a run that
 * ended meanwhile stays as it ended; the version grows so that the run's repository sees the change.
 */
final class StopRequest {

    private static final String STOPPING = """
            UPDATE batch_job_execution SET status = '%s', version = version + 1, last_updated = LOCALTIMESTAMP
            WHERE job_execution_id = ? AND status IN (%s)"""
            .formatted(ExecutionStatus.STOPPING.name(), SqlLists.of(ExecutionStatus.STARTING, ExecutionStatus.STARTED));

    private final JdbcTemplate jdbc;

    StopRequest(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the execution was running and is now STOPPING. */
    boolean send(long executionId) {
        return jdbc.update(STOPPING, executionId) == 1;
    }
}
