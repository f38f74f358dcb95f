package io.headpatch.job.remote;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.support.SqlLists;
import io.headpatch.job.chunk.ChunkFence;
import io.headpatch.worker.io.WriteDeadline;
import io.headpatch.job.partition.PartitionRange;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;

/**
 * The fencing token of one partition step (docs/design.md, one writer per partition). At step start
 * it claims the partition: the claim's epoch grows and names this step, so any older holder loses
 * it. Each chunk's journal transaction then confirms, with the partition row locked against a new
 * claim, that this step still holds the claim, that this process owns the step and that step and
 * job are still running (STOPPING is: a stop ends at a chunk boundary, so the chunks in flight must
 * still finish; or either was marked STOPPED less than a lease ago, with chunks still in flight, as
 * Spring Batch 6's own stop did); and each file is written only while that confirmation is recent,
 * so a process that was paused (SIGSTOP, a long GC, a frozen VM) past its lease writes nothing more,
 * even in the middle of a chunk. The deadline is kept in memory on the wall clock (which a paused
 * VM's clock catches up on, unlike the monotonic one), calibrated against the database's clock at
 * each confirmation: asking it costs no round trip and no system call per file.
 * Step-scoped (one per partition step), hence not final: the scope proxies it.
 */
public class PartitionClaim implements StepExecutionListener, ChunkFence {

    private static final String CLAIM = """
            UPDATE hp_partition SET claim_epoch = claim_epoch + 1, claim_step_execution_id = ?
            WHERE manifest_id = ? AND partition_name = ? RETURNING claim_epoch""";
    private static final String HOLDS = """
            SELECT p.claim_epoch, (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS database_millis FROM hp_partition p
            JOIN batch_step_execution s ON s.step_execution_id = p.claim_step_execution_id
            JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
            JOIN hp_step_owner o ON o.step_execution_id = s.step_execution_id
            WHERE p.manifest_id = ? AND p.partition_name = ? AND p.claim_epoch = ? AND p.claim_step_execution_id = ?
              AND o.worker_id = ?
              AND s.status IN (%1$s, '%2$s') AND j.status IN (%1$s, '%2$s')
              AND (s.status IN (%1$s) AND j.status IN (%1$s) OR j.last_updated > LOCALTIMESTAMP - make_interval(secs => ?))
            FOR SHARE OF p""".formatted(SqlLists.of(ExecutionStatus.class, ExecutionStatus::isRunning), ExecutionStatus.STOPPED.name());

    private final JdbcTemplate jdbc;
    private final String workerId;
    private final long freshForMillis;
    private final long leaseSeconds;
    private long manifestId;
    private String partition;
    private long stepExecutionId;
    private long epoch;
    /** When the last confirmation stops being fresh, in the database's clock (milliseconds since the epoch). */
    private volatile long freshUntilDatabaseMillis;
    /** This process's wall clock minus the database's, measured at the last confirmation. */
    private volatile long clockOffsetMillis;

    /**
     * @param workerId this process, as it owns its steps in {@code hp_step_owner}
     * @param lease    how long a silent worker keeps its partitions; a confirmation is fresh for half of it
     */
    public PartitionClaim(JdbcTemplate jdbc, String workerId, Duration lease) {
        this.jdbc = jdbc;
        this.workerId = workerId;
        this.freshForMillis = lease.toMillis() / 2;
        this.leaseSeconds = lease.toSeconds();
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        PartitionRange range = PartitionRange.of(stepExecution);
        manifestId = range.manifestId();
        partition = range.name();
        stepExecutionId = stepExecution.getId();
        List<Long> epochs = jdbc.queryForList(CLAIM, Long.class, stepExecutionId, manifestId, partition);
        if (epochs.isEmpty()) {
            throw new ClaimLostException("partition=" + partition + " of manifest=" + manifestId + " does not exist; nothing to claim");
        }
        epoch = epochs.get(0);
        calibrate(System.currentTimeMillis());
    }

    @Override
    public void confirm() {
        List<Long> databaseMillis = jdbc.query(HOLDS, (rs, row) -> rs.getLong("database_millis"),
                manifestId, partition, epoch, stepExecutionId, workerId, leaseSeconds);
        if (databaseMillis.isEmpty()) {
            throw new ClaimLostException("partition=" + partition + " step execution=" + stepExecutionId + " lost its claim (epoch="
                    + epoch + "): another step took the partition over, or the step or job no longer runs; this process"
                    + " writes nothing more to it");
        }
        calibrate(databaseMillis.get(0));
    }

    @Override
    public void beforeWrites() {
        String passed = deadline().passed();
        if (passed != null) {
            throw new ClaimLostException(passed);
        }
    }

    /** Fresh until half a lease after the last confirmation, asked before each file's write. */
    @Override
    public WriteDeadline deadline() {
        return () -> {
            long late = System.currentTimeMillis() - clockOffsetMillis - freshUntilDatabaseMillis;
            return late <= 0 ? null : "partition=" + partition + " step execution=" + stepExecutionId + ": the claim was"
                    + " confirmed over half a lease ago (" + (freshForMillis + late) / 1000 + " s; this process was paused?);"
                    + " it may have been taken over, so this process writes nothing more to it";
        };
    }

    private void calibrate(long databaseMillis) {
        clockOffsetMillis = System.currentTimeMillis() - databaseMillis;
        freshUntilDatabaseMillis = databaseMillis + freshForMillis;
    }

    /** This process no longer holds the partition: the step ends without writing. */
    public static final class ClaimLostException extends RuntimeException {
        ClaimLostException(String message) {
            super(message);
        }
    }
}
