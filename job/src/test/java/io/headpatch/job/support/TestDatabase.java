package io.headpatch.job.support;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, migrated database of its own on the machine's PostgreSQL (HEADPATCH_TEST_DB_HOST,
 * default 127.0.0.1:5432, user postgres, trust auth), dropped on close.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String SERVER = System.getenv().getOrDefault("HEADPATCH_TEST_DB_HOST", "127.0.0.1:5432");
    private static final String USER = System.getenv().getOrDefault("HEADPATCH_TEST_DB_USER", "postgres");

    private final String name;
    private final String url;
    private HikariDataSource dataSource;

    private TestDatabase(String name) {
        this.name = name;
        this.url = "jdbc:postgresql://" + SERVER + "/" + name;
    }

    public static TestDatabase create() {
        TestDatabase db = new TestDatabase("hp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        db.admin("CREATE DATABASE " + db.name);
        db.dataSource = Databases.open(db.url, USER, "", 24);
        Databases.migrate(db.dataSource);
        return db;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public String url() {
        return url;
    }

    public String user() {
        return USER;
    }

    /** Terminates every connection to this database, as a server restart would. */
    public void terminateBackends() {
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "' AND pid <> pg_backend_pid()");
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql + ": " + e.getMessage(), e);
        }
    }
}
