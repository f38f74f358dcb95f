package io.headpatch.job;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import io.headpatch.job.support.SchemaFingerprint;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/** Opens the PostgreSQL pool and brings its schema up to date. */
public final class Databases {

    private static final Logger log = LoggerFactory.getLogger(Databases.class);
    /**
     * SQL states of a migration that lost to another session rather than failed: a deadlock with a reader of a view
     * it replaces or a table it alters (the reader's statement locks the view, then its tables; the migration the
     * other way round), a serialization failure, or a server's {@code lock_timeout}. PostgreSQL rolled the
     * migration back whole, so trying it again is safe.
     */
    private static final Set<String> LOST_TO_ANOTHER_SESSION = Set.of("40P01", "40001", "55P03");
    /** Tries after about 0.2, 0.4, 0.8 and 1.6 s, with jitter so that two losers do not meet again. */
    private static final RetryTemplate MIGRATION_RETRY = new RetryTemplate(RetryPolicy.builder()
            .maxRetries(4).delay(Duration.ofMillis(200)).multiplier(2).jitter(Duration.ofMillis(100))
            .predicate(e -> conflictWithAnotherSession(e) != null).build());

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
        MigrateResult result = MIGRATION_RETRY.invoke(() -> {
            try {
                return flyway(dataSource).migrate();
            } catch (FlywayException e) {
                SQLException conflict = conflictWithAnotherSession(e);
                if (conflict != null) {
                    log.info("the schema migration gave way to another session: {}",
                            conflict.getMessage().lines().findFirst().orElse(""));
                }
                throw e;
            }
        });
        fingerprint.recordIn(dataSource);
        return result;
    }

    /** The server's reason when {@code failure} is a migration that lost to another session, else null. */
    private static SQLException conflictWithAnotherSession(Throwable failure) {
        if (!(failure instanceof FlywayException)) {
            return null;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && LOST_TO_ANOTHER_SESSION.contains(sql.getSQLState())) {
                return sql;
            }
        }
        return null;
    }

    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
    }
}
