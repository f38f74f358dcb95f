package io.headpatch.ops.report;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.ops.output.ExecutionText;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The report for people: the execution, its partitions with their hosts, then one line per file. */
final class TableReportWriter implements ReportWriter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ssxxx");

    private final PrintWriter out;

    TableReportWriter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void summary(ExecutionSummary summary) {
        ExecutionText.print(out, summary);
    }

    @Override
    public void partitions(List<PartitionRow> partitions) {
        out.println();
        out.printf(Locale.ROOT, "%-16s %21s %10s %10s %-10s %-14s %-14s %s%n", "PARTITION", "FILE IDS", "FILES", "DONE", "STATUS",
                "STARTED", "ENDED", "HOST");
        for (PartitionRow p : partitions) {
            out.printf(Locale.ROOT, "%-16s %21s %10d %10d %-10s %-14s %-14s %s%n", p.partition(),
                    p.firstFileId() + "-" + p.lastFileId(), p.filesTotal(), p.filesDone(),
                    p.status() == null ? "-" : p.status(), time(p.startTime()), time(p.endTime()),
                    p.host() == null ? "-" : p.host());
        }
    }

    @Override
    public void beginFiles(boolean failedOnly) {
        out.println();
        out.println(failedOnly ? "FILES NOT AT THEIR TARGET" : "FILES");
        out.printf(Locale.ROOT, "%-18s %s%n", "OUTCOME", "PATH (REASON)");
    }

    @Override
    public void file(FileRow row) {
        out.printf(Locale.ROOT, "%-18s %s%s%n", row.outcome() == null ? "(pending)" : row.outcome(), row.path(),
                row.reason() == null || row.reason().isBlank() ? "" : " (" + row.reason() + ")");
    }

    @Override
    public void end(long files) {
        out.printf(Locale.ROOT, "%,d file(s)%n", files);
        out.flush();
    }

    private static String time(OffsetDateTime time) {
        return time == null ? "-" : TIME.format(time);
    }
}
