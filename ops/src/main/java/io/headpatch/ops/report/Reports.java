package io.headpatch.ops.report;

import io.headpatch.job.ExecutionSummary;

/** Writes a whole report in the order writers expect; {@code report} and the console's downloads share it. */
public final class Reports {

    private Reports() {
    }

    /** Summary, partitions, then the manifest's files (all, or only those not at their target) streamed; returns how many. */
    public static long write(ReportWriter writer, ExecutionSummary summary, ReportSource source, ReportSource.Manifest manifest,
                             boolean failedOnly) {
        writer.summary(summary);
        writer.partitions(source.partitions(manifest.jobInstanceId()));
        writer.beginFiles(failedOnly);
        long count = source.files(manifest.manifestId(), failedOnly, writer::file);
        writer.end(count);
        return count;
    }
}
