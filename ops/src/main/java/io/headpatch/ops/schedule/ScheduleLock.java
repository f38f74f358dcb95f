package io.headpatch.ops.schedule;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL session advisory lock named after the schedule ({@code hashtext(name)}): held on one
 * connection for the duration of a run, so two schedulers never run the same schedule at once.
 */
public final class ScheduleLock {

    /** Connections the lock holds while its schedule runs, beside the job's own. */
    public static final int CONNECTIONS = 1;
    static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext(?))";
    static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext(?))";

    private final DataSource dataSource;
    private final String name;

    public ScheduleLock(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Runs {@code body} while holding the lock; false (body not run) when another session holds it. */
    public boolean whileHeld(Runnable body) {
        try (Connection connection = dataSource.getConnection()) {
            if (!call(connection, TRY_LOCK)) {
                return false;
            }
            try {
                body.run();
            } finally {
                call(connection, UNLOCK);
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("schedule lock " + name + ": " + e.getMessage(), e);
        }
    }

    private boolean call(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
