package io.headpatch.job.outcome;

import io.headpatch.job.HostIdentity;
import io.headpatch.job.support.PeriodicTask;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import io.headpatch.job.PatchJobSettings;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Records which process runs a job execution and beats every few seconds, so that `restart` can
 * tell a dead STARTED execution (recover it) from a live one (refuse: already running).
 */
public class ExecutionHeartbeat implements JobExecutionListener {

    public static final Duration INTERVAL = PatchJobSettings.HEARTBEAT;

    private static final String CLAIM = """
            INSERT INTO hp_execution_owner (job_execution_id, host, pid, pid_started_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (job_execution_id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid,
                pid_started_at = EXCLUDED.pid_started_at, heartbeat_at = LOCALTIMESTAMP""";
    private static final String BEAT = "UPDATE hp_execution_owner SET heartbeat_at = LOCALTIMESTAMP WHERE job_execution_id = ?";

    /** Launches run in the caller's thread, so the caller's start callback travels in a thread local. */
    private static final ThreadLocal<Launching> LAUNCHING = new ThreadLocal<>();

    /** Per JVM, not per context: an execution this process beats is owned by it, whichever context runs it. */
    private static final Map<Long, PeriodicTask> BEATS = new ConcurrentHashMap<>();

    /**
     * Executions this process runs. Wider than {@link #BEATS}: an execution is owned before its owner row exists and
     * until its launch returns, after Spring Batch's last update of its status, which comes after {@link #afterJob};
     * in between it would look STARTED with its process gone.
     */
    private static final Set<Long> OWNED = ConcurrentHashMap.newKeySet();

    private final JdbcTemplate jdbc;

    public ExecutionHeartbeat(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs a launch, telling {@code onStart} the execution id once the execution exists. */
    public static <T> T withStartCallback(LongConsumer onStart, Launch<T> launch) throws Exception {
        Launching launching = new Launching(onStart, new ArrayList<>());
        LAUNCHING.set(launching);
        try {
            return launch.run();
        } finally {
            LAUNCHING.remove();
            OWNED.removeAll(launching.started());
        }
    }

    private record Launching(LongConsumer onStart, List<Long> started) {
    }

    @FunctionalInterface
    public interface Launch<T> {
        T run() throws Exception;
    }

    /** Whether this process runs the execution now. */
    static boolean runsHere(long executionId) {
        return OWNED.contains(executionId);
    }

    @Override
    public void beforeJob(JobExecution execution) {
        long id = execution.getId();
        OWNED.add(id);
        Launching launching = LAUNCHING.get();
        if (launching != null) {
            launching.started().add(id);
            if (launching.onStart() != null) {
                launching.onStart().accept(id);
            }
        }
        jdbc.update(CLAIM, id, HostIdentity.host(), HostIdentity.pid(), HostIdentity.pidStartedAt());
        BEATS.put(id, PeriodicTask.after("heartbeat-" + id, INTERVAL, () -> jdbc.update(BEAT, id)));
    }

    @Override
    public void afterJob(JobExecution execution) {
        PeriodicTask beat = BEATS.remove(execution.getId());
        if (beat != null) {
            beat.close();
        }
        if (LAUNCHING.get() == null) {
            // no launch call to outlive (a job started without withStartCallback): ownership ends here
            OWNED.remove(execution.getId());
        }
    }
}
