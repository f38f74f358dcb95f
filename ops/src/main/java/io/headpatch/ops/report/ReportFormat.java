package io.headpatch.ops.report;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

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

    /** What the writer's text is encoded in: UTF-8, but each character one byte for PATHS, whose text is the paths' exact bytes. */
    public Charset charset() {
        return this == PATHS ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
    }
}
