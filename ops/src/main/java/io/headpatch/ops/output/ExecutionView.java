package io.headpatch.ops.output;

import io.headpatch.job.ExecutionSummary;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One execution as JSON: {@code files} holds {@code total} and a count per outcome (every outcome,
 * zero included); {@code partitions} the partitions by state; {@code incremental} whether the launch
 * compared with a baseline, {@code baselineInstanceId} that instance (null when there was none); {@code retryOf} the
 * execution whose failed files this run retried, {@code retriedBy} the first execution of the run that retried this
 * one's (each null when none); times with their UTC offset.
 */
public record ExecutionView(long executionId, long jobInstanceId, String status, String exitCode, String exitMessage,
                            OffsetDateTime startTime, OffsetDateTime endTime, double filesPerSecond, String spec,
                            boolean dryRun, Map<String, Long> files, Partitions partitions, boolean incremental,
                            Long baselineInstanceId, Long retryOf, Long retriedBy) {

    public record Partitions(int total, int completed, int failed) {
    }

    public static ExecutionView of(ExecutionSummary summary) {
        Map<String, Long> files = new LinkedHashMap<>();
        files.put("total", summary.filesTotal());
        files.put("decided", summary.filesDecided());
        files.putAll(summary.outcomes());
        return new ExecutionView(summary.executionId(), summary.jobInstanceId(), summary.status().name(), summary.exitCode(),
                summary.exitMessage(), Times.withOffset(summary.startTime()), Times.withOffset(summary.endTime()),
                summary.filesPerSecond(), summary.specName(),
                summary.dryRun(), files, new Partitions(summary.partitionsTotal(), summary.partitionsCompleted(),
                summary.partitionsFailed()), summary.incremental(), summary.baselineInstanceId(), summary.retryOf(),
                summary.retriedBy());
    }
}
