package io.headpatch.ops.report;

import java.io.PrintWriter;

/** RFC 4180 CSV of the per-file rows only: {@code path,outcome,reason,before_hex,after_hex}. */
final class CsvReportWriter implements ReportWriter {

    static final String HEADER = "path,outcome,reason,before_hex,after_hex";

    private final PrintWriter out;

    CsvReportWriter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void beginFiles(boolean failedOnly) {
        out.print(HEADER);
        out.print("\r\n");
    }

    @Override
    public void file(FileRow row) {
        out.print(field(row.path()));
        out.print(',');
        out.print(field(row.outcome()));
        out.print(',');
        out.print(field(row.reason()));
        out.print(',');
        out.print(field(row.beforeHex()));
        out.print(',');
        out.print(field(row.afterHex()));
        out.print("\r\n");
    }

    @Override
    public void end(long files) {
        out.flush();
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
