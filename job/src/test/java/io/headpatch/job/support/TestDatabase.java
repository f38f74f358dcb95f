package io.headpatch.job.support;

import io.headpatch.job.Databases;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, migrated database of its own on the tests' server ({@link TestServer}: one embedded PostgreSQL per
 * test JVM, or the server {@code HEADPATCH_TEST_DB_URL} names), dropped on close. As a JUnit extension,
 * {@code @RegisterExtension static final TestDatabase db = TestDatabase.perClass();} gives each test
 * class its own ({@link #perTest()}: each test).
 */
public final class TestDatabase implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean perTest;
    private boolean migrated = true;
    private String name;
    private String url;
    private HikariDataSource dataSource;

    private TestDatabase(boolean perTest) {
        this.perTest = perTest;
    }

    /** A database created now; close it to drop it. */
    public static TestDatabase create() {
        TestDatabase db = new TestDatabase(false);
        db.open();
        return db;
    }

    /** A database created now with no table yet, as an installation before its first start; close it to drop it. */
    public static TestDatabase createEmpty() {
        TestDatabase db = new TestDatabase(false);
        db.migrated = false;
        db.open();
        return db;
    }

    /** An extension: one database for the whole test class. */
    public static TestDatabase perClass() {
        return new TestDatabase(false);
    }

    /** An extension: a database for each test. */
    public static TestDatabase perTest() {
        return new TestDatabase(true);
    }

    private void open() {
        name = "hp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        url = TestServer.get().url(name);
        admin("CREATE DATABASE " + name);
        dataSource = Databases.open(url, user(), "", 24);
        if (migrated) {
            Databases.migrate(dataSource);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            open();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            open();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            close();
        }
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** A template over {@link #dataSource()}, for what a test reads or sets in the tables directly. */
    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    public String url() {
        return url;
    }

    public String user() {
        return TestServer.get().user();
    }

    /** Changes a setting's default for new connections to this database, as an operator's server might have it. */
    public void setDefault(String setting, String value) {
        admin("ALTER DATABASE " + name + " SET " + setting + " = " + value);
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
        try (Connection c = DriverManager.getConnection(TestServer.get().adminUrl(), user(), "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql + ": " + e.getMessage(), e);
        }
    }
}
