package io.headpatch.job;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import io.headpatch.job.support.SchemaFingerprint;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.SQLException;

/** Opens the PostgreSQL pool and brings its schema up to date. */
public final class Databases {

    private Databases() {
    }

    /**
     * @param maxPoolSize connections needed: one per partition thread, plus the job's own and slack
     */
    public static HikariDataSource open(String jdbcUrl, String user, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        // Open connections as threads need them: a fleet of idle workers must not hold the server's
        // max_connections (perf/SCALING.md names connections as the first limit at scale).
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setPoolName("headpatch");
        config.setAutoCommit(true);
        // Fail fast with the driver's reason when the server is unreachable, rather than after 30 s.
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "headpatch");
        return new HikariDataSource(config);
    }

    /**
     * Grows a HikariCP pool (also behind wrappers) to what {@code threads} partition threads need
     * ({@link PatchJobSettings#poolSize}); never shrinks it. Other pools are the caller's to size.
     */
    public static void fitPool(DataSource dataSource, int threads) {
        try {
            if (!dataSource.isWrapperFor(HikariDataSource.class)) {
                return;
            }
            HikariConfigMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariConfigMXBean();
            int needed = PatchJobSettings.poolSize(threads);
            if (pool.getMaximumPoolSize() < needed) {
                pool.setMaximumPoolSize(needed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot size the connection pool: " + e.getMessage(), e);
        }
    }

    /** Applies the migrations of the schema module (the Spring Batch tables, ours, the views), and records them. */
    public static MigrateResult migrate(DataSource dataSource) {
        return migrate(dataSource, SchemaFingerprint.ofClasspath());
    }

    /**
     * As {@link #migrate}, unless the database records that it was brought up to date with exactly this build's
     * migrations: every command's start then skips Flyway's scan and validation.
     */
    public static void ensureMigrated(DataSource dataSource) {
        SchemaFingerprint fingerprint = SchemaFingerprint.ofClasspath();
        if (!fingerprint.recordedIn(dataSource)) {
            migrate(dataSource, fingerprint);
        }
    }

    private static MigrateResult migrate(DataSource dataSource, SchemaFingerprint fingerprint) {
        MigrateResult result = flyway(dataSource).migrate();
        fingerprint.recordIn(dataSource);
        return result;
    }

    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
    }
}
