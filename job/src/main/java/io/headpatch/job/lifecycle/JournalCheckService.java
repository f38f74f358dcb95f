package io.headpatch.job.lifecycle;

import io.headpatch.job.CheckProgress;
import io.headpatch.job.JournalChecks;
import io.headpatch.job.outcome.JournalCheckRunner;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;

import java.util.Map;

/** {@link JournalChecks} on the execution's manifest. */
public final class JournalCheckService implements JournalChecks {

    private final Executions executions;
    private final JournalCheckRunner runner;

    public JournalCheckService(Executions executions, JournalCheckRunner runner) {
        this.executions = executions;
        this.runner = runner;
    }

    @Override
    public long journaledFiles(long executionId) {
        return runner.count(executions.manifestId(executionId));
    }

    @Override
    public Map<CheckOutcome, Long> verify(long executionId, CheckProgress progress) {
        return runner.verify(executions.manifestId(executionId), progress);
    }

    @Override
    public Map<CheckOutcome, Long> rollback(long executionId, WriteOptions options, CheckProgress progress) {
        return runner.rollback(executions.manifestId(executionId), options, progress);
    }
}
