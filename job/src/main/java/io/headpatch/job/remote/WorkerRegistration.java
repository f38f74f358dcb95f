package io.headpatch.job.remote;

import io.headpatch.job.HostIdentity;
import io.headpatch.job.config.HeadpatchJobConfiguration;
import io.headpatch.job.support.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A remote worker's row in {@code hp_worker}: registered at start, beating while it runs, marked stopped at the end. */
final class WorkerRegistration {

    private static final Logger log = LoggerFactory.getLogger(WorkerRegistration.class);
    private static final String REGISTER = "INSERT INTO hp_worker (worker_id, worker_name, host, pid, threads) VALUES (?, ?, ?, ?, ?)";
    private static final String BEAT = "UPDATE hp_worker SET heartbeat_at = LOCALTIMESTAMP WHERE worker_id = ?";
    private static final String STOPPED = "UPDATE hp_worker SET stopped_at = LOCALTIMESTAMP WHERE worker_id = ?";
    /** The files whose outcome a partition step of this worker decided (a partition's steps are named after it). */
    private static final String OUTCOMES = """
            SELECT o.outcome, COUNT(*) AS files FROM hp_step_owner w
            JOIN batch_step_execution s ON s.step_execution_id = w.step_execution_id
            JOIN hp_outcome o ON o.job_execution_id = s.job_execution_id AND s.step_name = ? || ':' || o.partition_name
            WHERE w.worker_id = ?
            GROUP BY o.outcome""";

    private final JdbcTemplate jdbc;
    private final String workerId;

    WorkerRegistration(JdbcTemplate jdbc, String workerId) {
        this.jdbc = jdbc;
        this.workerId = workerId;
    }

    /** Registers the worker and starts its heartbeat; closing the returned task stops the beat. */
    PeriodicTask register(String name, int threads, Duration heartbeat) {
        jdbc.update(REGISTER, workerId, name, HostIdentity.host(), HostIdentity.pid(), threads);
        return PeriodicTask.now("worker-heartbeat", heartbeat, () -> jdbc.update(BEAT, workerId));
    }

    /** Files by outcome name that this worker's partitions decided (outcomes none decided are absent). */
    Map<String, Long> outcomes() {
        Map<String, Long> outcomes = new HashMap<>();
        jdbc.query(OUTCOMES, (RowCallbackHandler) rs -> outcomes.put(rs.getString("outcome"), rs.getLong("files")),
                HeadpatchJobConfiguration.PATCH_WORKER_STEP, workerId);
        return outcomes;
    }

    /** Best effort: a worker that cannot say it stopped is found by its silent heartbeat. */
    void markStopped() {
        try {
            jdbc.update(STOPPED, workerId);
        } catch (RuntimeException e) {
            log.warn("cannot record that worker {} stopped: {}", workerId, e.getMessage());
        }
    }
}
