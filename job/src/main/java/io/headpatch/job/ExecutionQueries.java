package io.headpatch.job;

import io.headpatch.job.report.SummaryQueries;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;

/** What users see of executions; each method is one query, whatever the number of executions. */
public interface ExecutionQueries {

    /**
     * The queries on a data source of the caller's: given one that hands out a single connection in a transaction, they
     * read that transaction's snapshot (the console reads a whole page from one).
     */
    static ExecutionQueries over(DataSource dataSource) {
        return new SummaryQueries(new JdbcTemplate(dataSource));
    }

    /** @throws JobRequestException NOT_FOUND naming the id */
    ExecutionSummary status(long executionId);

    /** The newest {@code limit} executions, newest first. */
    List<ExecutionSummary> recent(int limit);
}
