package io.headpatch.perf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results as a Markdown table (what perf/README.md shows): one line per contestant, then the statements the
 * server spent most time on where {@code pg_stat_statements} was loaded, then the report queries.
 * The CPU seconds and the load average before each run (1 minute) tell how much a shared machine disturbed it.
 */
final class ResultsTable {

    private ResultsTable() {
    }

    static List<String> lines(List<Row> rows, List<Map<String, Object>> reportQueries) {
        Double floor = rate(rows, "floor");
        Double peer = rate(rows, "peer");
        List<String> lines = new ArrayList<>();
        lines.add("| contestant | files | time (s) | files/s | × floor | × its floor | × peer | CPU µs/file | syscalls/file | CPU s: JVM + DB "
                + "| peak RSS | peak heap | heap after GC (max) | mappings (max) | DB share | load |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            Object itsFloor = row.figures().get("floor");
            lines.add(String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    row.contestant(), row.files(), row.seconds(), row.filesPerSecond(), ratio(row, floor),
                    itsFloor == null ? "" : ratio(row, rate(rows, itsFloor.toString())), ratio(row, peer),
                    cpuPerFile(row), systemCallsPerFile(row), cpu(row.figures()),
                    mib(row.peakRssBytes()), mib(row.peakHeapBytes()), mib(row.maxHeapAfterGcBytes()),
                    row.maxMappings() == null ? "" : row.maxMappings().toString(),
                    row.dbShare() == null ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * row.dbShare()),
                    row.figures().getOrDefault("loadBefore", "")));
        }
        for (Row row : rows) {
            if (row.figures().get("serverStatements") instanceof List<?> statements) {
                lines.add("");
                lines.add("| statement (pg_stat_statements), " + row.contestant() + " | calls | rows | server ms | server µs/file |");
                lines.add("|---|---:|---:|---:|---:|");
                for (Object statement : statements) {
                    Map<?, ?> s = (Map<?, ?>) statement;
                    double millis = ((Number) s.get("millis")).doubleValue();
                    lines.add(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %,.0f | %.2f |",
                            s.get("query").toString().replace("|", "\\|"), ((Number) s.get("calls")).longValue(),
                            ((Number) s.get("rows")).longValue(), millis, millis * 1e3 / row.files()));
                }
            }
        }
        if (!reportQueries.isEmpty()) {
            lines.add("");
            lines.add("| report query | rows | first (ms) | best of 3 (ms) |");
            lines.add("|---|---:|---:|---:|");
            for (Map<String, Object> query : reportQueries) {
                lines.add(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f |", query.get("query"),
                        ((Number) query.get("rows")).longValue(), ((Number) query.get("firstMillis")).doubleValue(),
                        ((Number) query.get("bestMillis")).doubleValue()));
            }
        }
        return lines;
    }

    private static Double rate(List<Row> rows, String contestant) {
        return rows.stream().filter(r -> r.contestant().equals(contestant)).map(Row::filesPerSecond).findFirst().orElse(null);
    }

    private static String ratio(Row row, Double base) {
        return base == null ? "" : String.format(Locale.ROOT, "%.2f", row.filesPerSecond() / base);
    }

    /**
     * Microseconds of CPU per file, the contestant's JVM and its database server processes together: on a shared
     * machine this varies far less than the wall time.
     */
    private static String cpuPerFile(Row row) {
        Object jvm = row.figures().get("cpuSeconds");
        if (jvm == null) {
            return "";
        }
        Object server = row.figures().get("serverCpuSeconds");
        double seconds = ((Number) jvm).doubleValue() + (server == null ? 0 : ((Number) server).doubleValue());
        return String.format(Locale.ROOT, "%.1f", seconds * 1e6 / row.files());
    }

    /** System calls per file of the contestant's write mode ({@link SystemCallSample}), where they were counted. */
    private static String systemCallsPerFile(Row row) {
        Object perFile = row.figures().get("syscallsPerFile");
        return perFile == null ? "" : String.format(Locale.ROOT, "%.1f", ((Number) perFile).doubleValue());
    }

    /** CPU seconds of the contestant's JVM, plus its database server processes' where it has any. */
    private static String cpu(Map<String, Object> figures) {
        Object jvm = figures.get("cpuSeconds");
        Object server = figures.get("serverCpuSeconds");
        if (jvm == null) {
            return "";
        }
        return server == null ? String.format(Locale.ROOT, "%.0f", ((Number) jvm).doubleValue())
                : String.format(Locale.ROOT, "%.0f + %.0f", ((Number) jvm).doubleValue(), ((Number) server).doubleValue());
    }

    private static String mib(Long bytes) {
        return bytes == null || bytes < 0 ? "" : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }
}
