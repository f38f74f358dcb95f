package io.headpatch.perf.db;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * The server's own per-statement statistics of one database, from {@code pg_stat_statements}: calls, rows and
 * execution time as the server measured them, without a proxy in the way. The extension only counts when the server
 * was started with {@code shared_preload_libraries = 'pg_stat_statements'}: the bench's embedded servers are; a
 * shared server needs that line in postgresql.conf and a restart, and without it the figures are left out (the
 * client-side counts of {@link JdbcCounter} remain). Each method works on the database {@code jdbc} is connected to.
 */
public final class StatementStats {

    private static final String LOADED = "SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'";
    private static final String THIS_DATABASE = "(SELECT oid FROM pg_database WHERE datname = current_database())";
    private static final String RESET = "SELECT pg_stat_statements_reset(0, " + THIS_DATABASE + ", 0)";
    /** The statements of this database, the ones that read or reset the statistics left out. */
    private static final String TOP = """
            SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls, rows, total_exec_time AS ms
            FROM pg_stat_statements
            WHERE dbid = %s AND query NOT LIKE '%%pg_stat_statements%%'
            ORDER BY total_exec_time DESC LIMIT ?""".formatted(THIS_DATABASE);
    private static final int QUERY_LENGTH = 160;

    private StatementStats() {
    }

    /** Whether the server has the extension loaded, and so counts. */
    public static boolean loaded(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.queryForObject(LOADED, Boolean.class));
    }

    /** Creates the extension in the database when the server has it loaded; false when it has not. */
    public static boolean enable(JdbcTemplate jdbc) {
        if (!loaded(jdbc)) {
            return false;
        }
        jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        return true;
    }

    /** Forgets what the server counted for this database so far (other databases' figures stay). */
    public static void reset(JdbcTemplate jdbc) {
        jdbc.queryForList(RESET);
    }

    /** The {@code limit} statements of this database that took the server the most time, most first. */
    public static List<StatementFigures> top(JdbcTemplate jdbc, int limit) {
        return jdbc.query(TOP, (rs, row) -> {
            String query = rs.getString("query");
            return new StatementFigures(query.length() > QUERY_LENGTH ? query.substring(0, QUERY_LENGTH) + " ..." : query,
                    rs.getLong("calls"), rs.getLong("rows"), rs.getDouble("ms"));
        }, limit);
    }
}
