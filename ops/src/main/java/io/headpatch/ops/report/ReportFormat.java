package io.headpatch.ops.report;

import java.io.PrintWriter;

/**
 * How {@code report} prints: a table for people, CSV of the files for tools, one JSON document of
 * everything, or the bare paths that {@code launch --manifest} takes back.
 */
public enum ReportFormat {
    TABLE, CSV, JSON, PATHS;

    /** @param terminator what ends each path of PATHS: a line break, or NUL for names that may hold one */
    public ReportWriter writer(PrintWriter out, char terminator) {
        return switch (this) {
            case TABLE -> new TableReportWriter(out);
            case CSV -> new CsvReportWriter(out);
            case JSON -> new JsonReportWriter(out);
            case PATHS -> new PathsReportWriter(out, terminator);
        };
    }
}
