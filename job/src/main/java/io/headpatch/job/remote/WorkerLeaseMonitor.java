package io.headpatch.job.remote;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.support.SqlLists;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Marks FAILED the partitions of a job execution whose worker stopped beating for a lease, so the
 * manager stops waiting and a restart re-sends them. No partition stays STARTED forever.
 */
public final class WorkerLeaseMonitor {

    private static final Logger log = LoggerFactory.getLogger(WorkerLeaseMonitor.class);

    private static final String RUNNING = SqlLists.of(ExecutionStatus.class, ExecutionStatus::isRunning);

    private static final String ORPHANS = """
            SELECT s.step_execution_id, o.worker_id
            FROM batch_step_execution s
            JOIN hp_step_owner o ON o.step_execution_id = s.step_execution_id
            JOIN hp_worker w ON w.worker_id = o.worker_id
            WHERE s.job_execution_id = ? AND s.status IN (%s)
              AND (w.stopped_at IS NOT NULL OR w.heartbeat_at < LOCALTIMESTAMP - make_interval(secs => ?))""".formatted(RUNNING);

    private static final String LIVE = """
            SELECT s.step_name || ' on worker ' || o.worker_id
            FROM batch_step_execution s
            JOIN hp_step_owner o ON o.step_execution_id = s.step_execution_id
            JOIN hp_worker w ON w.worker_id = o.worker_id
            WHERE s.job_execution_id = ? AND s.status IN (%s)
              AND w.stopped_at IS NULL AND w.heartbeat_at >= LOCALTIMESTAMP - make_interval(secs => ?)
            ORDER BY s.step_name""".formatted(RUNNING);

    private static final String LIVE_WORKERS = """
            SELECT COUNT(*) FROM hp_worker
            WHERE stopped_at IS NULL AND heartbeat_at >= LOCALTIMESTAMP - make_interval(secs => ?)""";

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;
    private final Duration lease;

    public WorkerLeaseMonitor(JdbcTemplate jdbc, JobRepository jobRepository, Duration lease) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.lease = lease;
    }

    /** Partitions of the execution still run by a worker process that beats within the lease ("patch-worker:p0001 on worker w#1a2b"). */
    public List<String> livePartitions(long jobExecutionId) {
        return jdbc.queryForList(LIVE, String.class, jobExecutionId, (double) lease.toSeconds());
    }

    /** Worker processes that beat within the lease and have not stopped: those that would take a queued partition. */
    public int liveWorkers() {
        return jdbc.queryForObject(LIVE_WORKERS, Integer.class, (double) lease.toSeconds());
    }

    /** @return how many partitions were marked FAILED */
    public int failOrphans(long jobExecutionId) {
        List<Object[]> orphans = jdbc.query(ORPHANS, (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)},
                jobExecutionId, (double) lease.toSeconds());
        for (Object[] orphan : orphans) {
            StepExecution step = jobRepository.getStepExecution(jobExecutionId, (Long) orphan[0]);
            if (step == null || !step.getStatus().isRunning()) {
                continue;
            }
            String reason = "worker " + orphan[1] + " stopped beating for over " + lease.toSeconds()
                    + " s; partition marked FAILED, restart re-sends it";
            log.warn("{}: {}", step.getStepName(), reason);
            step.setStatus(BatchStatus.FAILED);
            step.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
            step.setEndTime(LocalDateTime.now());
            jobRepository.update(step);
        }
        return orphans.size();
    }
}
