package io.headpatch.ops.ui;

import io.headpatch.job.ExecutionQueries;
import io.headpatch.job.ExecutionSummary;
import io.headpatch.ops.report.ReportSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads an {@link ExecutionSnapshot} in one read-only REPEATABLE READ transaction: the summary, the instance's
 * executions, partitions, failure groups and throughput all see the same committed chunks, whatever commits meanwhile.
 */
final class ExecutionSnapshots {

    private final DataSource dataSource;

    ExecutionSnapshots(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @throws io.headpatch.job.JobRequestException NOT_FOUND naming the id */
    ExecutionSnapshot read(long executionId) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return read(executionId, new SingleConnectionDataSource(connection, true));
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(isolation);
                connection.setReadOnly(false);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read execution " + executionId + ": " + e.getMessage(), e);
        }
    }

    /** Every query on the one connection; the first fixes the snapshot. */
    private static ExecutionSnapshot read(long executionId, DataSource transaction) {
        ConsoleQueries queries = new ConsoleQueries(transaction);
        var taken = queries.now();
        ExecutionQueries executions = ExecutionQueries.over(transaction);
        ExecutionSummary summary = executions.status(executionId);
        List<ConsoleQueries.InstanceExecution> instance = queries.instanceExecutions(summary.jobInstanceId());
        long newestId = instance.get(instance.size() - 1).executionId();
        ExecutionSummary newest = newestId == executionId ? summary : executions.status(newestId);
        return new ExecutionSnapshot(taken, summary, newest, instance,
                new ReportSource(transaction).partitions(summary.jobInstanceId()),
                queries.failureGroups(summary.jobInstanceId()),
                ThroughputChart.of(queries.decidedPerSecond(executionId)));
    }
}
