package io.headpatch.job.outcome;

import io.headpatch.job.HostIdentity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;

/** Tells whether the process that ran a job execution is still alive. */
public final class ExecutionOwners {

    /** Six missed heartbeats: a live process on a busy machine still beats within this. */
    public static final Duration LEASE = ExecutionHeartbeat.INTERVAL.multipliedBy(6);

    private static final String OWNER = """
            SELECT host, pid, EXTRACT(EPOCH FROM (LOCALTIMESTAMP - heartbeat_at)) AS age
            FROM hp_execution_owner WHERE job_execution_id = ?""";
    private static final String LAST_UPDATED = """
            SELECT EXTRACT(EPOCH FROM (LOCALTIMESTAMP - COALESCE(last_updated, create_time)))
            FROM batch_job_execution WHERE job_execution_id = ?""";

    private final JdbcTemplate jdbc;

    public ExecutionOwners(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** "host/pid" of a live owner, or null when it is gone (same host: no such process; else: lease expired). */
    public String liveOwner(long executionId) {
        List<Owner> owners = jdbc.query(OWNER, (rs, i) -> new Owner(rs.getString(1), rs.getLong(2), rs.getDouble(3)), executionId);
        if (owners.isEmpty()) {
            Double age = jdbc.queryForObject(LAST_UPDATED, Double.class, executionId);
            return age != null && age < LEASE.toSeconds() ? "an unknown process (updated " + Math.round(age) + " s ago)" : null;
        }
        Owner owner = owners.get(0);
        boolean alive = owner.host().equals(HostIdentity.host())
                ? ProcessHandle.of(owner.pid()).map(ProcessHandle::isAlive).orElse(false) && owner.pid() != HostIdentity.pid()
                : owner.ageSeconds() < LEASE.toSeconds();
        return alive ? owner.host() + "/" + owner.pid() : null;
    }

    private record Owner(String host, long pid, double ageSeconds) {
    }
}
