package io.headpatch.ops.ui;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.ExecutionSummary;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.output.ExecutionText;
import io.headpatch.ops.output.ExecutionView;
import io.headpatch.ops.report.PartitionRow;

import java.time.LocalDateTime;
import java.util.List;

/**
 * Everything the execution page shows that moves, read from one database snapshot ({@link ExecutionSnapshots}): the
 * page swaps it in whole at each refresh, so its numbers always agree with each other.
 *
 * @param taken      the snapshot's time (the database's clock)
 * @param newest     the newest execution of the same instance (this one when it is the newest)
 * @param executions every execution of the instance, oldest first
 */
public record ExecutionSnapshot(LocalDateTime taken, ExecutionSummary summary, ExecutionSummary newest,
                                List<ConsoleQueries.InstanceExecution> executions, List<PartitionRow> partitions,
                                List<ConsoleQueries.FailureGroup> failureGroups, ThroughputChart chart) {

    /** A later execution of the instance exists (a restart): actions belong to that one. */
    public boolean superseded() {
        return newest.executionId() != summary.executionId();
    }

    /** Its process runs it (a run whose process is gone runs no more, whatever its status says). */
    public boolean running() {
        return summary.status().isRunning() && !summary.ownerGone();
    }

    /** The instance's newest execution is running: nothing else may touch its files. */
    public boolean instanceRunning() {
        return newest.status().isRunning() && !newest.ownerGone();
    }

    /** Still changing, so the page keeps refreshing: running, or stopped but its last chunks not ended yet. */
    public boolean moving() {
        return running() || summary.status() == ExecutionStatus.STOPPED && summary.endTime() == null;
    }

    /** Files decided of the instance's total, 0-100. */
    public int percent() {
        long total = summary.filesTotal();
        return total == 0 ? (running() ? 0 : 100) : (int) Math.min(100, summary.filesDecided() * 100 / total);
    }

    /** Files whose outcome counts against the failure limit: IO_ERROR, GONE, CHANGED_SINCE_SCAN. */
    public long failures() {
        return ExecutionText.failures(summary.outcomes());
    }

    /** The exit code of the command that ran it (5: COMPLETED with failed files); null while it runs. */
    public Integer exitCode() {
        return ExecutionView.exitCode(summary);
    }

    /** The status's CSS classes: COMPLETED with failed files and a gone owner have colours of their own. */
    public String statusClass() {
        Integer exit = exitCode();
        return "status " + summary.status() + (exit != null && exit == ExitCodes.INCOMPLETE ? " INCOMPLETE" : "")
                + (summary.ownerGone() ? " GONE" : "");
    }

    /** What a partition is doing; one still waiting for a thread or a worker is QUEUED (its step says STARTING). */
    public String partitionState(PartitionRow partition) {
        String status = partition.status();
        if (status == null) {
            return moving() ? "QUEUED" : "NOT STARTED";
        }
        return status.equals(ExecutionStatus.STARTING.name()) ? "QUEUED" : status;
    }

    /** "1 h 02 min", "3 min 05 s", "12 s", or "-" when it is not running or its speed is unknown. */
    public String eta() {
        if (!running() || summary.filesPerSecond() <= 0) {
            return "-";
        }
        long s = Math.round(Math.max(0, summary.filesTotal() - summary.filesDecided()) / summary.filesPerSecond());
        return s >= 3600 ? String.format("%d h %02d min", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%d min %02d s", s / 60, s % 60) : s + " s";
    }

    /** The command that continues it when its process is gone or it stopped or failed (the status page's "continue"). */
    public String recoverCommand() {
        return ExecutionText.continuable(summary) ? ExecutionText.recoverCommand(summary) : null;
    }
}
