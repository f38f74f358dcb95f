package io.headpatch.ops.support;

import io.headpatch.job.support.TestDatabase;
import io.headpatch.ops.schedule.StopSignal;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The set-up the ops integration tests share: a migrated database of their own ({@link TestDatabase}, per class or
 * per test) and headpatch run on it with a given home, in-process ({@link Cli}) or as the built jar
 * ({@link JarProcess}). {@code @RegisterExtension static final OpsTestDatabase database = OpsTestDatabase.perClass();}
 */
public final class OpsTestDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final TestDatabase database;

    private OpsTestDatabase(TestDatabase database) {
        this.database = database;
    }

    /** One database for the whole test class. */
    public static OpsTestDatabase perClass() {
        return new OpsTestDatabase(TestDatabase.perClass());
    }

    /** A database for each test. */
    public static OpsTestDatabase perTest() {
        return new OpsTestDatabase(TestDatabase.perTest());
    }

    /** headpatch in-process, every command given this database. */
    public Cli cli(Path home) {
        return Cli.onDatabase(url(), user(), home);
    }

    /** As {@link #cli(Path)}, stopped by {@code stop} as a signal would. */
    public Cli cli(Path home, StopSignal stop) {
        return Cli.onDatabase(url(), user(), home, stop);
    }

    /** The built jar as real processes, every command given this database. */
    public JarProcess jar(Path home) {
        return new JarProcess(home, url(), user());
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }

    /** The newest job execution's id. */
    public long latestExecution() {
        return jdbc().queryForObject("SELECT MAX(job_execution_id) FROM batch_job_execution", Long.class);
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    public String url() {
        return database.url();
    }

    public String user() {
        return database.user();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        database.afterAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        database.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        database.afterEach(context);
    }
}
