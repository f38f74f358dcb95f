package io.headpatch.ops.output;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.ops.ExitCodes;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One execution as JSON: {@code schemaVersion} of this shape; {@code exitCode} the exit code of the process that
 * ran it (null while it runs), {@code exitStatus} the job's own exit status; {@code files} holds {@code total} and
 * a count per outcome (every outcome, zero included); {@code partitions} the partitions by state; {@code
 * incremental} whether the launch compared with a baseline, {@code baselineInstanceId} that instance (null when
 * there was none); {@code ownerGone} whether a running run's process is gone; {@code recover} the command that
 * continues a stopped, failed or orphaned run (null otherwise); {@code retryOf} the execution whose failed files
 * this run retried, {@code retriedBy} the first execution of the run that retried this one's (each null when
 * none); {@code allowHardLinks} whether the launch said {@code --allow-hard-links}; times with their UTC offset.
 */
public record ExecutionView(int schemaVersion, long executionId, long jobInstanceId, String status, Integer exitCode,
                            String exitStatus, String exitMessage, OffsetDateTime startTime, OffsetDateTime endTime,
                            double filesPerSecond, String spec, boolean dryRun, Map<String, Long> files,
                            Partitions partitions, boolean incremental, Long baselineInstanceId, String owner,
                            boolean ownerGone, String recover, Long retryOf, Long retriedBy, boolean allowHardLinks) {

    /** 2: {@code exitCode} became the process's exit code (the job's is {@code exitStatus}); owner and retry fields added. */
    public static final int SCHEMA_VERSION = 2;

    public record Partitions(int total, int completed, int failed) {
    }

    /** The execution with the exit code its run means ({@link #exitCode(ExecutionSummary)}). */
    public static ExecutionView of(ExecutionSummary summary) {
        return of(summary, exitCode(summary));
    }

    /** The execution with the exit code of the process that ran it (a signal's, say). */
    public static ExecutionView of(ExecutionSummary summary, Integer exitCode) {
        Map<String, Long> files = new LinkedHashMap<>();
        files.put("total", summary.filesTotal());
        files.put("decided", summary.filesDecided());
        files.putAll(summary.outcomes());
        return new ExecutionView(SCHEMA_VERSION, summary.executionId(), summary.jobInstanceId(), summary.status().name(),
                exitCode, summary.exitCode(), summary.exitMessage(), Times.withOffset(summary.startTime()),
                Times.withOffset(summary.endTime()), summary.filesPerSecond(), summary.specName(),
                summary.dryRun(), files, new Partitions(summary.partitionsTotal(), summary.partitionsCompleted(),
                summary.partitionsFailed()), summary.incremental(), summary.baselineInstanceId(), summary.owner(),
                summary.ownerGone(), ExecutionText.continuable(summary) ? ExecutionText.recoverCommand(summary) : null,
                summary.retryOf(), summary.retriedBy(), summary.allowHardLinks());
    }

    /**
     * 0 when COMPLETED with every file done or skipped as asked, 5 when some were not (IO_ERROR, GONE, ...), null
     * while its process still runs it, else 1.
     */
    public static Integer exitCode(ExecutionSummary summary) {
        if (!summary.completed()) {
            return summary.status().isRunning() && !summary.ownerGone() ? null : ExitCodes.FAILED;
        }
        return ExecutionText.failures(summary.outcomes()) > 0 ? ExitCodes.INCOMPLETE : ExitCodes.OK;
    }
}
