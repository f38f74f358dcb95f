package io.headpatch.job.remote;

import io.headpatch.job.HostIdentity;
import io.headpatch.job.support.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

/** A remote worker's row in {@code hp_worker}: registered at start, beating while it runs, marked stopped at the end. */
final class WorkerRegistration {

    private static final Logger log = LoggerFactory.getLogger(WorkerRegistration.class);
    private static final String REGISTER = "INSERT INTO hp_worker (worker_id, worker_name, host, pid, threads) VALUES (?, ?, ?, ?, ?)";
    private static final String BEAT = "UPDATE hp_worker SET heartbeat_at = LOCALTIMESTAMP WHERE worker_id = ?";
    private static final String STOPPED = "UPDATE hp_worker SET stopped_at = LOCALTIMESTAMP WHERE worker_id = ?";

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

    /** Best effort: a worker that cannot say it stopped is found by its silent heartbeat. */
    void markStopped() {
        try {
            jdbc.update(STOPPED, workerId);
        } catch (RuntimeException e) {
            log.warn("cannot record that worker {} stopped: {}", workerId, e.getMessage());
        }
    }
}
