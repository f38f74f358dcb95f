package io.headpatch.perf.bench;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's own per-statement statistics of the bench database, from {@code pg_stat_statements}: calls, rows and
 * execution time as the server measured them, without a relay or proxy in the way. The extension only counts when
 * the server was started with {@code shared_preload_libraries = 'pg_stat_statements'}: the bench's embedded servers
 * are; a shared server needs that line in postgresql.conf and a restart, and without it the figures are left out
 * (the client-side times of {@link JdbcTimer} remain).
 */
final class StatementStats {

    private static final String PRELOADED = "SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'";
    private static final String TOP = """
            SELECT calls, rows, total_exec_time AS ms, regexp_replace(query, '\\s+', ' ', 'g') AS query
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC LIMIT ?""";
    private static final int STATEMENTS = 12;

    private StatementStats() {
    }

    /** Creates the extension in the bench database when the server has it loaded; false when it has not. */
    static boolean enable(JdbcTemplate jdbc) {
        if (!Boolean.TRUE.equals(jdbc.queryForObject(PRELOADED, Boolean.class))) {
            return false;
        }
        jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        return true;
    }

    /** The statements of this database that took the server the most time, most first. */
    static List<Map<String, Object>> top(JdbcTemplate jdbc) {
        return jdbc.query(TOP, (rs, row) -> {
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("calls", rs.getLong("calls"));
            statement.put("rows", rs.getLong("rows"));
            statement.put("serverMillis", rs.getDouble("ms"));
            String query = rs.getString("query");
            statement.put("query", query.length() > 160 ? query.substring(0, 160) + " ..." : query);
            return statement;
        }, STATEMENTS);
    }
}
