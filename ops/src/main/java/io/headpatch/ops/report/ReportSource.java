package io.headpatch.ops.report;

import io.headpatch.job.JobRequestException;
import io.headpatch.ops.output.Times;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the report's rows from the views. File rows are streamed through a server-side cursor
 * (a transaction with a fetch size), so millions of them never sit in memory.
 */
public final class ReportSource {

    private static final int FETCH_SIZE = 2_000;

    private final DataSource dataSource;

    public ReportSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @throws JobRequestException NOT_FOUND when the execution has no manifest */
    public Manifest manifestOf(long executionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(ReportQueries.MANIFEST_OF_EXECUTION)) {
            statement.setLong(1, executionId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new JobRequestException(JobRequestException.Problem.NOT_FOUND, "no job execution with id " + executionId);
                }
                long manifestId = rs.getLong(1);
                if (rs.wasNull()) {
                    throw new JobRequestException(JobRequestException.Problem.NOT_FOUND,
                            "execution " + executionId + " has no file list (its scan never started)");
                }
                return new Manifest(manifestId, rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new ReportException(e);
        }
    }

    public List<PartitionRow> partitions(long jobInstanceId) {
        List<PartitionRow> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(ReportQueries.PARTITIONS)) {
            statement.setLong(1, jobInstanceId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new PartitionRow(rs.getString("partition_name"), rs.getLong("first_file_id"),
                            rs.getLong("last_file_id"), rs.getLong("files_total"), rs.getLong("files_done"),
                            rs.getString("status"), Times.withOffset(rs.getObject("start_time", LocalDateTime.class)),
                            Times.withOffset(rs.getObject("end_time", LocalDateTime.class)), rs.getString("host"), rs.getString("exit_message")));
                }
            }
        } catch (SQLException e) {
            throw new ReportException(e);
        }
        return rows;
    }

    /** Streams the manifest's file rows, all or only those not done, to {@code sink}; returns how many. */
    public long files(long manifestId, boolean failedOnly, Consumer<FileRow> sink) {
        return stream(failedOnly ? ReportQueries.FAILED_FILES : ReportQueries.ALL_FILES, statement -> statement.setLong(1, manifestId),
                rs -> new FileRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), sink);
    }

    /** Streams every file that a check of {@code kind} (VERIFY, ROLLBACK) found wrong to {@code sink}; returns how many. */
    public long checkProblems(long manifestId, String kind, Consumer<FileRow> sink) {
        return stream(ReportQueries.CHECK_PROBLEMS, statement -> {
            statement.setLong(1, manifestId);
            statement.setString(2, kind);
        }, rs -> new FileRow(rs.getString(1), rs.getString(2), rs.getString(3), null, null), sink);
    }

    /** A cursor (fetch size rows at a time, in a read-only transaction) so that millions of rows never sit in memory. */
    private long stream(String sql, Parameters parameters, Row row, Consumer<FileRow> sink) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(FETCH_SIZE);
                parameters.set(statement);
                long count = 0;
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(row.of(rs));
                        count++;
                    }
                }
                return count;
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new ReportException(e);
        }
    }

    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    private interface Row {
        FileRow of(ResultSet rs) throws SQLException;
    }

    public record Manifest(long manifestId, long jobInstanceId) {
    }

    /** A failed report query; its cause tells whether the database went away. */
    public static final class ReportException extends RuntimeException {
        ReportException(SQLException cause) {
            super("report query failed: " + cause.getMessage(), cause);
        }
    }
}
