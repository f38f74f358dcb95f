package io.headpatch.job.outcome;

import org.springframework.jdbc.core.JdbcTemplate;

/** Tells whether the process that ran a job execution is still alive ({@link ExecutionOwner}'s rule). */
public final class ExecutionOwners {

    private static final String OWNER = "SELECT " + ExecutionOwner.COLUMNS + " FROM batch_job_execution e "
            + ExecutionOwner.JOIN + " WHERE e.job_execution_id = ?";

    private final JdbcTemplate jdbc;

    public ExecutionOwners(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** "host/pid" of a live owner, or null when it is gone. */
    public String liveOwner(long executionId) {
        ExecutionOwner owner = jdbc.queryForObject(OWNER, (rs, i) -> ExecutionOwner.read(rs), executionId);
        return owner == null || owner.gone(executionId) ? null : owner.name();
    }
}
