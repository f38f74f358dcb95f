package io.headpatch.ops.report;

import java.io.PrintWriter;

/** How {@code report} prints: a table for people, CSV of the files for tools, one JSON document of everything. */
public enum ReportFormat {
    TABLE, CSV, JSON;

    public ReportWriter writer(PrintWriter out) {
        return switch (this) {
            case TABLE -> new TableReportWriter(out);
            case CSV -> new CsvReportWriter(out);
            case JSON -> new JsonReportWriter(out);
        };
    }
}
