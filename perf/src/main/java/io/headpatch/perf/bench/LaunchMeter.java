package io.headpatch.perf.bench;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.perf.db.JdbcCounter;
import io.headpatch.perf.db.StatementFigures;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Measures one launch in this JVM: its wall time, this JVM's CPU and that of the database's server processes, its
 * steps, the JDBC statements its threads waited on most, and the rows and bytes it added to the per-file tables.
 */
final class LaunchMeter {

    /** The per-file tables, then the whole database (the rest: manifests, partitions, Spring Batch's rows). */
    private static final String SIZES = """
            SELECT pg_total_relation_size('hp_file'), pg_total_relation_size('hp_outcome'), pg_total_relation_size('hp_journal'),
                   pg_total_relation_size('hp_carried'), pg_database_size(current_database())""";
    private static final String ROWS = """
            SELECT (SELECT COUNT(*) FROM hp_file), (SELECT COUNT(*) FROM hp_outcome), (SELECT COUNT(*) FROM hp_journal),
                   (SELECT COUNT(*) FROM hp_carried)""";
    private static final String[] TABLES = {"hp_file", "hp_outcome", "hp_journal", "hp_carried"};
    private static final String STEPS = """
            SELECT step_name, EXTRACT(EPOCH FROM end_time - start_time)::float8 FROM batch_step_execution
            WHERE job_execution_id = ? AND step_name NOT LIKE 'patch-worker:%' ORDER BY step_execution_id""";
    private static final int STATEMENTS = 6;

    private final JdbcTemplate jdbc;
    private final JdbcCounter counter;

    LaunchMeter(JdbcTemplate jdbc, JdbcCounter counter) {
        this.jdbc = jdbc;
        this.counter = counter;
    }

    Figures measure(String label, Supplier<ExecutionSummary> launch) throws IOException {
        String load = Machine.loadAverage();
        long[] sizesBefore = longs(SIZES, TABLES.length + 1);
        long[] rowsBefore = longs(ROWS, TABLES.length);
        JdbcCounter.Snapshot jdbcBefore = counter.snapshot();
        Map<Integer, Double> serverBefore = ServerCpu.byBackend(jdbc);
        double cpuBefore = jvmCpuSeconds();
        long start = System.nanoTime();
        ExecutionSummary summary = launch.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double jvmCpu = jvmCpuSeconds() - cpuBefore;
        Double serverCpu = ServerCpu.since(serverBefore, ServerCpu.byBackend(jdbc));
        if (!summary.completed()) {
            throw new IllegalStateException(label + ": execution " + summary.executionId() + " ended " + summary.status());
        }
        Map<String, Double> steps = new LinkedHashMap<>();
        jdbc.query(STEPS, rs -> {
            steps.put(rs.getString(1), rs.getDouble(2));
        }, summary.executionId());
        List<StatementFigures> statements = counter.snapshot().minus(jdbcBefore).statements().values().stream()
                .sorted(Comparator.comparingDouble(StatementFigures::millis).reversed())
                .limit(STATEMENTS)
                .toList();
        long[] sizesAfter = longs(SIZES, TABLES.length + 1);
        long[] rowsAfter = longs(ROWS, TABLES.length);
        Map<String, Long> bytes = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (int i = 0; i < TABLES.length; i++) {
            bytes.put(TABLES[i], sizesAfter[i] - sizesBefore[i]);
            rows.put(TABLES[i], rowsAfter[i] - rowsBefore[i]);
        }
        bytes.put("database", sizesAfter[TABLES.length] - sizesBefore[TABLES.length]);
        Map<String, Long> outcomes = summary.outcomes().entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        return new Figures(label, load, summary.executionId(), summary.filesTotal(), outcomes, seconds, jvmCpu, serverCpu, steps,
                statements, rows, bytes);
    }

    private long[] longs(String sql, int columns) {
        return jdbc.queryForObject(sql, (rs, n) -> {
            long[] values = new long[columns];
            for (int i = 0; i < columns; i++) {
                values[i] = rs.getLong(i + 1);
            }
            return values;
        });
    }

    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /**
     * One launch, measured.
     *
     * @param loadBefore    the 1-minute load average before the launch
     * @param steps         seconds of each step of the job (the partitions' own steps left out: they run inside "patch")
     * @param statements    the statements (and other JDBC calls) the launch's threads spent most time in ({@link JdbcCounter})
     * @param rowsAdded     rows the launch added to each per-file table
     * @param bytesAdded    bytes the launch added to each per-file table (tables and indexes) and to the whole database
     */
    record Figures(String label, String loadBefore, long executionId, long files, Map<String, Long> outcomes, double seconds, double jvmCpuSeconds,
                   Double serverCpuSeconds, Map<String, Double> steps, List<StatementFigures> statements,
                   Map<String, Long> rowsAdded, Map<String, Long> bytesAdded) {

        double cpuSeconds() {
            return jvmCpuSeconds + (serverCpuSeconds == null ? 0 : serverCpuSeconds);
        }

        /** The wall time outside the job's steps: launching, the job's own bookkeeping, the summary. */
        double restSeconds() {
            return seconds - steps.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }
}
