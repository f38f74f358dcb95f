package io.headpatch.ops.ui;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.ops.output.ExecutionText;
import io.headpatch.ops.report.PartitionRow;

import java.util.List;

/**
 * What the execution page shows live (polled as JSON every 2 s while the run goes on).
 *
 * @param percent    files decided of the instance's total, 0-100
 * @param etaSeconds remaining files at this execution's rate; null when unknown or finished
 */
public record ExecutionProgress(long executionId, String status, boolean running, long decided, long total, int percent,
                                double filesPerSecond, Long etaSeconds, long failures, int partitionsTotal,
                                int partitionsCompleted, int partitionsFailed, List<PartitionRow> partitions,
                                ThroughputChart chart) {

    static ExecutionProgress of(ExecutionSummary s, List<PartitionRow> partitions, ThroughputChart chart) {
        boolean running = s.status().isRunning();
        int percent = s.filesTotal() == 0 ? (running ? 0 : 100) : (int) Math.min(100, s.filesDecided() * 100 / s.filesTotal());
        long remaining = Math.max(0, s.filesTotal() - s.filesDecided());
        Long eta = running && s.filesPerSecond() > 0 ? Math.round(remaining / s.filesPerSecond()) : null;
        return new ExecutionProgress(s.executionId(), s.status().name(), running, s.filesDecided(), s.filesTotal(), percent,
                s.filesPerSecond(), eta, ExecutionText.failures(s.outcomes()), s.partitionsTotal(), s.partitionsCompleted(),
                s.partitionsFailed(), partitions, chart);
    }

    /** "1 h 02 min", "3 min 05 s", "12 s", or "-". */
    public String eta() {
        if (etaSeconds == null) {
            return "-";
        }
        long s = etaSeconds;
        return s >= 3600 ? String.format("%d h %02d min", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
