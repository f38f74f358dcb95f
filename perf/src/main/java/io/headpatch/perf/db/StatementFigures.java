package io.headpatch.perf.db;

/**
 * What one statement (or one other JDBC call, such as {@code commit}) cost: its executions, the rows it fetched,
 * affected or copied, and its time in milliseconds, as the client ({@link JdbcCounter}) or the server
 * ({@link StatementStats}) counted them.
 */
public record StatementFigures(String query, long calls, long rows, double millis) {

    StatementFigures minus(StatementFigures before) {
        return new StatementFigures(query, calls - before.calls, rows - before.rows, millis - before.millis);
    }

    boolean isZero() {
        return calls == 0 && rows == 0 && millis == 0;
    }
}
