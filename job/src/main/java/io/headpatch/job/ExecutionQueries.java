package io.headpatch.job;

import java.util.List;

/** What users see of executions; each method is one query, whatever the number of executions. */
public interface ExecutionQueries {

    /** @throws JobRequestException NOT_FOUND naming the id */
    ExecutionSummary status(long executionId);

    /** The newest {@code limit} executions, newest first. */
    List<ExecutionSummary> recent(int limit);
}
