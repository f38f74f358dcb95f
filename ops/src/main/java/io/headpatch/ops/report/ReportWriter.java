package io.headpatch.ops.report;

import io.headpatch.job.ExecutionSummary;

import java.util.List;

/** Receives a report in order: summary, partitions, then the files one by one, then the end. */
public interface ReportWriter {

    void summary(ExecutionSummary summary);

    void partitions(List<PartitionRow> partitions);

    void beginFiles(boolean failedOnly);

    void file(FileRow row);

    void end(long files);
}
