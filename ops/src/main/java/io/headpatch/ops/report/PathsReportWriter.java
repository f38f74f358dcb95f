package io.headpatch.ops.report;

import io.headpatch.ops.UserException;
import io.headpatch.worker.io.PathText;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The files' paths alone, as their exact bytes, one a line or NUL-terminated ({@code -0}): what
 * {@code launch --manifest} reads, so the files a run did not do can be run again.
 */
final class PathsReportWriter implements ReportWriter {

    private final PrintWriter out;
    private final char terminator;

    PathsReportWriter(PrintWriter out, char terminator) {
        this.out = out;
        this.terminator = terminator;
    }

    @Override
    public void file(FileRow row) {
        if (terminator == '\n' && (row.path().indexOf('\n') >= 0 || row.path().indexOf('\r') >= 0)) {
            out.flush();
            throw UserException.usage("a path holds a line break, so one path a line cannot list it: give -0 for"
                    + " NUL-separated paths (path=" + row.path().replace("\n", "\\n").replace("\r", "\\r") + ")");
        }
        // One character a byte ({@link ReportFormat#charset()}): the name's exact bytes, whatever encoding they are in.
        out.print(new String(PathText.bytes(row.path()), StandardCharsets.ISO_8859_1));
        out.print(terminator);
    }

    @Override
    public void end(long files) {
        out.flush();
    }
}
