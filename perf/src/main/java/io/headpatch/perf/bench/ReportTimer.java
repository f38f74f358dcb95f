package io.headpatch.perf.bench;

import io.headpatch.ops.report.ReportSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the report of one finished execution, query by query, as {@code headpatch report} runs them: the
 * summary ({@code hp_job_summary}), the partitions, the files that failed ({@code hp_failure} and the report's
 * own failed-files query on {@code hp_failed_file_report}), and every file's row streamed ({@code --files all}). Each runs
 * {@value #RUNS} times; the first run and the best are kept.
 */
final class ReportTimer {

    private static final int RUNS = 3;
    private static final String SUMMARY = "SELECT * FROM hp_job_summary WHERE job_execution_id = ?";
    private static final String FAILURES = "SELECT * FROM hp_failure WHERE job_instance_id = ?";

    private final DataSource dataSource;
    private final ReportSource source;

    ReportTimer(DataSource dataSource) {
        this.dataSource = dataSource;
        this.source = new ReportSource(dataSource);
    }

    /** One map per query: name, rows, firstMillis, bestMillis. */
    List<Map<String, Object>> time(long executionId) throws SQLException {
        ReportSource.Manifest manifest = source.manifestOf(executionId);
        List<Map<String, Object>> timings = new ArrayList<>();
        Map<String, Object> summary = time("hp_job_summary, one execution (status, report)", () -> count(SUMMARY, executionId));
        Map<String, Object> partitions = time("hp_partition_progress, its partitions (report)",
                () -> source.partitions(manifest.jobInstanceId()).size());
        Map<String, Object> failed = time("hp_failed_file_report, its failed files (report)",
                () -> source.files(manifest.manifestId(), true, row -> { }));
        timings.add(summary);
        timings.add(partitions);
        timings.add(failed);
        timings.add(total("the report (`headpatch report ID`): the three above", List.of(summary, partitions, failed)));
        timings.add(time("hp_failure, its instance", () -> count(FAILURES, manifest.jobInstanceId())));
        timings.add(time("hp_file_report, every file streamed (report --files all)",
                () -> source.files(manifest.manifestId(), false, row -> { })));
        return timings;
    }

    private static Map<String, Object> total(String name, List<Map<String, Object>> parts) {
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("query", name);
        total.put("rows", parts.stream().mapToLong(part -> ((Number) part.get("rows")).longValue()).sum());
        total.put("firstMillis", parts.stream().mapToDouble(part -> (double) part.get("firstMillis")).sum());
        total.put("bestMillis", parts.stream().mapToDouble(part -> (double) part.get("bestMillis")).sum());
        return total;
    }

    private static Map<String, Object> time(String name, Query query) throws SQLException {
        double first = 0;
        double best = Double.MAX_VALUE;
        long rows = 0;
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            rows = query.rows();
            double millis = (System.nanoTime() - start) / 1e6;
            first = run == 0 ? millis : first;
            best = Math.min(best, millis);
        }
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("query", name);
        timing.put("rows", rows);
        timing.put("firstMillis", first);
        timing.put("bestMillis", best);
        return timing;
    }

    private long count(String sql, long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            long rows = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }

    private interface Query {
        long rows() throws SQLException;
    }
}
