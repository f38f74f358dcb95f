package io.headpatch.ops.ui;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.ops.output.ExecutionText;
import io.headpatch.worker.plan.Outcome;
import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the console's pages read: the reporting views (R__reporting_views.sql) and ops's own schedule records. */
public final class ConsoleQueries {

    /** Newest first, each filter applied only when given. */
    static final String EXECUTIONS = """
            SELECT * FROM hp_job_summary
            WHERE (CAST(? AS TEXT) IS NULL OR status = ?)
              AND (CAST(? AS TEXT) IS NULL OR spec_name = ?)
              AND (CAST(? AS DATE) IS NULL OR start_time >= ?)
              AND (CAST(? AS DATE) IS NULL OR start_time < CAST(? AS DATE) + 1)
            ORDER BY job_execution_id DESC
            LIMIT ?""";
    static final String SPECS = """
            SELECT DISTINCT spec_name FROM hp_job_summary WHERE spec_name IS NOT NULL ORDER BY spec_name LIMIT 500""";
    static final String FAILURE_GROUPS = """
            SELECT outcome, reason, COUNT(*) AS files, MIN(path) AS example
            FROM hp_failure WHERE job_instance_id = ?
            GROUP BY outcome, reason
            ORDER BY files DESC, outcome, reason
            LIMIT 500""";
    static final String FAILURE_FILES = """
            SELECT path, reason, before_hex, after_hex
            FROM hp_failure
            WHERE job_instance_id = ? AND outcome = ? AND reason IS NOT DISTINCT FROM ?
            ORDER BY file_id
            LIMIT ? OFFSET ?""";
    /** Files decided by one execution, per second (chunks commit their outcomes together). */
    static final String DECIDED_PER_SECOND = """
            SELECT second, files FROM hp_decided_per_second WHERE job_execution_id = ? ORDER BY second""";
    static final String WORKERS = """
            SELECT worker_name, host, pid, threads, started_at, stopped_at, heartbeat_age, partitions_held
            FROM hp_worker_status
            ORDER BY stopped_at IS NOT NULL, heartbeat_at DESC
            LIMIT 500""";
    static final String SCHEDULES = """
            SELECT s.schedule_name, s.cron, s.host, s.pid, s.started_at, s.stopped_at, s.last_fire_at, s.next_fire_at,
                   s.last_execution_id, e.status AS last_status
            FROM hp_schedule s
            LEFT JOIN hp_job_summary e ON e.job_execution_id = s.last_execution_id
            ORDER BY s.stopped_at IS NOT NULL, s.schedule_name""";
    static final String SCHEMA_VERSION = """
            SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
            ORDER BY installed_rank DESC LIMIT 1""";
    static final String SERVER_VERSION = "SHOW server_version";
    /** The database's clock; in a transaction, the time its snapshot was taken. */
    static final String NOW = "SELECT LOCALTIMESTAMP";
    static final String INSTANCE_EXECUTIONS = """
            SELECT job_execution_id, status, start_time, end_time FROM hp_job_summary
            WHERE job_instance_id = ? ORDER BY job_execution_id""";

    static final int LISTED_EXECUTIONS = 200;

    private final JdbcTemplate jdbc;

    ConsoleQueries(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public record ExecutionRow(long executionId, long instanceId, String spec, String status, LocalDateTime startTime,
                        LocalDateTime endTime, double filesPerSecond, long filesTotal, long filesDecided,
                        Map<String, Long> outcomes, boolean ownerGone) {

        /** COMPLETED with IO_ERROR, GONE or CHANGED_SINCE_SCAN files: the command that ran it exited 5. */
        public boolean incomplete() {
            return "COMPLETED".equals(status) && ExecutionText.failures(outcomes) > 0;
        }

        /** Whether its status says a process still runs it: only such a row can have lost its owner. */
        boolean running() {
            return BatchStatus.valueOf(status).isRunning();
        }

        /** As the job API tells it: an unfinished row whose process is gone, with its rate until it was last seen. */
        ExecutionRow told(ExecutionSummary summary) {
            return summary.ownerGone() ? new ExecutionRow(executionId, instanceId, spec, status, startTime, endTime,
                    summary.filesPerSecond(), filesTotal, filesDecided, outcomes, true) : this;
        }
    }

    /** The listed executions of one job instance, newest first: its launch and the restarts that continued it. */
    public record InstanceGroup(long instanceId, List<ExecutionRow> executions) {
    }

    /** One execution of a job instance: the launch, then each restart. */
    public record InstanceExecution(long executionId, String status, LocalDateTime startTime, LocalDateTime endTime) {
    }

    public record FailureGroup(String outcome, String reason, long files, String example) {
    }

    public record FailureFile(String path, String reason, String beforeHex, String afterHex) {
    }

    public record WorkerRow(String name, String host, long pid, int threads, LocalDateTime startedAt, LocalDateTime stoppedAt,
                     long heartbeatAgeSeconds, long partitionsHeld) {
    }

    public record ScheduleRow(String name, String cron, String host, long pid, LocalDateTime startedAt, LocalDateTime stoppedAt,
                       LocalDateTime lastFireAt, LocalDateTime nextFireAt, Long lastExecutionId, String lastStatus) {
    }

    List<ExecutionRow> executions(String status, String spec, LocalDate from, LocalDate to) {
        return jdbc.query(EXECUTIONS, (rs, i) -> executionRow(rs), status, status, spec, spec, from, from, to, to,
                LISTED_EXECUTIONS);
    }

    /** The rows by instance, each instance where its newest row was (the rows come newest first). */
    static List<InstanceGroup> byInstance(List<ExecutionRow> rows) {
        Map<Long, List<ExecutionRow>> groups = new LinkedHashMap<>();
        for (ExecutionRow row : rows) {
            groups.computeIfAbsent(row.instanceId(), id -> new ArrayList<>()).add(row);
        }
        return groups.entrySet().stream().map(e -> new InstanceGroup(e.getKey(), e.getValue())).toList();
    }

    List<String> specs() {
        return jdbc.queryForList(SPECS, String.class);
    }

    LocalDateTime now() {
        return jdbc.queryForObject(NOW, LocalDateTime.class);
    }

    /** Oldest first: the last is the instance's newest execution. */
    List<InstanceExecution> instanceExecutions(long instanceId) {
        return jdbc.query(INSTANCE_EXECUTIONS, (rs, i) -> new InstanceExecution(rs.getLong("job_execution_id"),
                rs.getString("status"), rs.getObject("start_time", LocalDateTime.class),
                rs.getObject("end_time", LocalDateTime.class)), instanceId);
    }

    List<FailureGroup> failureGroups(long instanceId) {
        return jdbc.query(FAILURE_GROUPS, (rs, i) -> new FailureGroup(rs.getString("outcome"), rs.getString("reason"),
                rs.getLong("files"), rs.getString("example")), instanceId);
    }

    List<FailureFile> failureFiles(long instanceId, String outcome, String reason, int limit, long offset) {
        return jdbc.query(FAILURE_FILES, (rs, i) -> new FailureFile(rs.getString("path"), rs.getString("reason"),
                rs.getString("before_hex"), rs.getString("after_hex")), instanceId, outcome, reason, limit, offset);
    }

    /** (epoch second, files decided in it) of one execution, in time order. */
    List<long[]> decidedPerSecond(long executionId) {
        return jdbc.query(DECIDED_PER_SECOND, (rs, i) -> new long[] {rs.getLong("second"), rs.getLong("files")}, executionId);
    }

    List<WorkerRow> workers() {
        return jdbc.query(WORKERS, (rs, i) -> new WorkerRow(rs.getString("worker_name"), rs.getString("host"),
                rs.getLong("pid"), rs.getInt("threads"), rs.getObject("started_at", LocalDateTime.class),
                rs.getObject("stopped_at", LocalDateTime.class), rs.getLong("heartbeat_age"), rs.getLong("partitions_held")));
    }

    List<ScheduleRow> schedules() {
        return jdbc.query(SCHEDULES, (rs, i) -> new ScheduleRow(rs.getString("schedule_name"), rs.getString("cron"),
                rs.getString("host"), rs.getLong("pid"), rs.getObject("started_at", LocalDateTime.class),
                rs.getObject("stopped_at", LocalDateTime.class), rs.getObject("last_fire_at", LocalDateTime.class),
                rs.getObject("next_fire_at", LocalDateTime.class), rs.getObject("last_execution_id", Long.class),
                rs.getString("last_status")));
    }

    String schemaVersion() {
        return jdbc.queryForObject(SCHEMA_VERSION, String.class);
    }

    String serverVersion() {
        return jdbc.queryForObject(SERVER_VERSION, String.class);
    }

    private static ExecutionRow executionRow(ResultSet rs) throws SQLException {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome.name(), rs.getLong(outcome.name().toLowerCase(Locale.ROOT)));
        }
        return new ExecutionRow(rs.getLong("job_execution_id"), rs.getLong("job_instance_id"), rs.getString("spec_name"),
                rs.getString("status"), rs.getObject("start_time", LocalDateTime.class),
                rs.getObject("end_time", LocalDateTime.class), rs.getDouble("files_per_second"), rs.getLong("files_total"),
                rs.getLong("files_decided"), outcomes, false);
    }
}
