package io.headpatch.ops.report;

import io.headpatch.job.ExecutionSummary;

import java.util.List;

/** Receives a report in order: summary, partitions, then the files one by one, then the end. */
public interface ReportWriter {

    /** Nothing by default: a writer of file rows only (CSV, paths) leaves the summary out. */
    default void summary(ExecutionSummary summary) {
    }

    /** Nothing by default, as {@link #summary}. */
    default void partitions(List<PartitionRow> partitions) {
    }

    /** Nothing by default: no heading before the file rows. */
    default void beginFiles(boolean failedOnly) {
    }

    void file(FileRow row);

    void end(long files);
}
