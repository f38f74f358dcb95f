package io.headpatch.job.outcome;

import io.headpatch.job.HostIdentity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * The process recorded as running a job execution, and the one rule that tells whether it is gone (what
 * `restart` recovers, and what status, reports and metrics show). On this host: no process with the recorded
 * pid and start time (a reused pid is another process; this process owns only the executions it beats). On
 * another host, or with no owner recorded: no sign of life (heartbeat, else the execution's last update)
 * within a lease.
 *
 * @param host          null when no owner was recorded
 * @param pidStartedAt  epoch milliseconds; null when the OS did not tell
 * @param silentSeconds since the last heartbeat, or since the execution's last update when no owner was recorded
 */
public record ExecutionOwner(String host, long pid, Long pidStartedAt, double silentSeconds) {

    /** Six missed heartbeats: a live process on a busy machine still beats within this. */
    public static final Duration LEASE = ExecutionHeartbeat.INTERVAL.multipliedBy(6);

    /** Columns read by {@link #read}, over {@code batch_job_execution e} joined with {@link #JOIN}. */
    public static final String COLUMNS = """
            o.host AS owner_host, o.pid AS owner_pid, o.pid_started_at AS owner_pid_started_at,
            EXTRACT(EPOCH FROM (LOCALTIMESTAMP - COALESCE(o.heartbeat_at, e.last_updated, e.create_time))) AS owner_silent_seconds,
            EXTRACT(EPOCH FROM (COALESCE(o.heartbeat_at, e.last_updated, e.create_time) - e.start_time)) AS owner_seen_seconds""";
    public static final String JOIN = "LEFT JOIN hp_execution_owner o ON o.job_execution_id = e.job_execution_id";

    public static ExecutionOwner read(ResultSet rs) throws SQLException {
        return new ExecutionOwner(rs.getString("owner_host"), rs.getLong("owner_pid"),
                rs.getObject("owner_pid_started_at", Long.class), rs.getDouble("owner_silent_seconds"));
    }

    /** Seconds from the execution's start to its owner's last sign of life (null before it started). */
    public static Double seenSeconds(ResultSet rs) throws SQLException {
        double seconds = rs.getDouble("owner_seen_seconds");
        return rs.wasNull() ? null : seconds;
    }

    public boolean gone(long executionId) {
        if (host == null || !host.equals(HostIdentity.host())) {
            return silentSeconds >= LEASE.toSeconds();
        }
        if (pid == HostIdentity.pid()) {
            return !ExecutionHeartbeat.runsHere(executionId);
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> pidStartedAt == null || Objects.equals(pidStartedAt, HostIdentity.startedAt(process)))
                .isEmpty();
    }

    /** "host/pid", or how a run with no recorded owner was last seen. */
    public String name() {
        return host == null ? "an unknown process (updated " + Math.round(silentSeconds) + " s ago)" : host + "/" + pid;
    }
}
