package io.headpatch.job.report;

import io.headpatch.job.ExecutionQueries;
import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.JobRequestException;
import io.headpatch.job.JobRequestException.Problem;
import io.headpatch.job.outcome.ExecutionOwner;
import io.headpatch.worker.plan.Outcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ExecutionQueries} over {@code hp_job_summary} (a column per outcome, checked against
 * {@link Outcome} by a test) and {@code hp_partition_progress}: one statement per call, the
 * partition counts joined in, never a query per row.
 */
public final class SummaryQueries implements ExecutionQueries {

    private static final String SELECT = """
            SELECT s.*, p.total AS partitions_total, p.completed AS partitions_completed, p.failed AS partitions_failed,
            %s,
                   m.retry_of_job_execution_id AS retry_of, r.retried_by
            FROM hp_job_summary s
            JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
            %s
            LEFT JOIN hp_manifest m ON m.manifest_id = s.manifest_id
            LEFT JOIN LATERAL (
                SELECT MIN(re.job_execution_id) AS retried_by
                FROM batch_job_execution xe
                JOIN hp_manifest rm ON rm.retry_of_job_execution_id = xe.job_execution_id
                JOIN batch_job_execution re ON re.job_instance_id = rm.job_instance_id
                WHERE rm.retry_of_job_execution_id IS NOT NULL AND xe.job_instance_id = s.job_instance_id) r ON TRUE
            LEFT JOIN LATERAL (
                SELECT COUNT(*) AS total,
                       COUNT(*) FILTER (WHERE pp.status = ?) AS completed,
                       COUNT(*) FILTER (WHERE pp.status = ANY (?)) AS failed
                FROM hp_partition_progress pp WHERE pp.job_instance_id = s.job_instance_id) p ON TRUE
            """.formatted(ExecutionOwner.COLUMNS, ExecutionOwner.JOIN);
    private static final String ONE = SELECT + "WHERE s.job_execution_id = ?";
    private static final String RECENT = SELECT + "ORDER BY s.job_execution_id DESC LIMIT ?";
    private static final String[] UNFINISHED = Arrays.stream(ExecutionStatus.values())
            .filter(ExecutionStatus::isUnfinished).map(Enum::name).toArray(String[]::new);

    private final JdbcTemplate jdbc;

    public SummaryQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ExecutionSummary status(long executionId) {
        List<ExecutionSummary> found = query(ONE, executionId);
        if (found.isEmpty()) {
            throw new JobRequestException(Problem.NOT_FOUND, "no job execution with id " + executionId);
        }
        return found.get(0);
    }

    @Override
    public List<ExecutionSummary> recent(int limit) {
        return query(RECENT, limit);
    }

    private List<ExecutionSummary> query(String sql, long last) {
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement(sql);
            Array unfinished = connection.createArrayOf("text", UNFINISHED);
            statement.setString(1, ExecutionStatus.COMPLETED.name());
            statement.setArray(2, unfinished);
            statement.setLong(3, last);
            return statement;
        }, SUMMARY);
    }

    private static final RowMapper<ExecutionSummary> SUMMARY = (rs, i) -> {
        long id = rs.getLong("job_execution_id");
        ExecutionStatus status = ExecutionStatus.valueOf(rs.getString("status"));
        ExecutionOwner owner = ExecutionOwner.read(rs);
        boolean ownerGone = status.isRunning() && owner.gone(id);
        return new ExecutionSummary(id, rs.getLong("job_instance_id"), status,
                rs.getString("exit_code"), firstLine(rs.getString("exit_message")),
                rs.getObject("start_time", LocalDateTime.class), rs.getObject("end_time", LocalDateTime.class),
                ownerGone ? rateUntilLastSeen(rs) : rs.getDouble("files_per_second"), rs.getString("spec_name"),
                rs.getBoolean("dry_run"), rs.getLong("files_total"), rs.getLong("files_decided"), outcomes(rs),
                rs.getInt("partitions_total"), rs.getInt("partitions_completed"), rs.getInt("partitions_failed"),
                rs.getBoolean("incremental"), rs.getObject("baseline_job_instance_id", Long.class),
                owner.host() == null ? null : owner.name(), ownerGone, rs.getObject("retry_of", Long.class),
                rs.getObject("retried_by", Long.class), rs.getBoolean("allow_hard_links"));
    };

    /** A dead run's speed stops when it was last seen: computed up to now, it would fall each time it is asked. */
    private static double rateUntilLastSeen(ResultSet rs) throws SQLException {
        Double seen = ExecutionOwner.seenSeconds(rs);
        if (seen == null) {
            return 0;
        }
        return Math.round(rs.getLong("files_decided_here") / Math.max(seen, 0.001) * 10) / 10.0;
    }

    /** Every outcome, zero included, in the enum's order. */
    private static Map<String, Long> outcomes(ResultSet rs) throws SQLException {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome.name(), rs.getLong(outcome.name().toLowerCase(Locale.ROOT)));
        }
        return outcomes;
    }

    /** The exit message's first line, without the exception's class name Spring Batch puts before it. */
    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        Matcher named = CLASS_NAME.matcher(line);
        if (!named.lookingAt()) {
            return line;
        }
        String rest = line.substring(named.end()).strip();
        return rest.isEmpty() ? words(named.group(1)) : rest;
    }

    /** "JobInterruptedException" as "job interrupted": what a message with only the class name says. */
    private static String words(String simpleName) {
        String name = simpleName.substring(simpleName.lastIndexOf('$') + 1).replaceFirst("Exception$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static final Pattern CLASS_NAME = Pattern.compile("(?:[a-z_][\\w]*\\.)+([A-Z][\\w$]*)(?::\\s*|$)");
}
