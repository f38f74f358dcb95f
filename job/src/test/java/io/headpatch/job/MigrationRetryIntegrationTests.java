package io.headpatch.job;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import io.headpatch.job.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands that bring one database's schema up to date at the same moment, or while other sessions read it: a
 * migration that PostgreSQL picks as a deadlock victim against a session reading the tables it alters (a report, the
 * console, a client polling the views) is tried again instead of failing the command that started it.
 */
class MigrationRetryIntegrationTests {

    private static final String WAITS_FOR_OUTCOMES =
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'hp_outcome'::regclass)";

    @Test
    void commandsStartedTogetherOnANewDatabaseEachFindItMigrated() throws Exception {
        try (TestDatabase db = TestDatabase.createEmpty()) {
            // given four commands' pools, and a client polling the views as they appear
            List<HikariDataSource> pools = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                pools.add(Databases.open(db.url(), db.user(), "", 2));
            }
            ExecutorService threads = Executors.newFixedThreadPool(pools.size() + 1);
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean migrated = new AtomicBoolean();
            CompletableFuture<Void> reads = CompletableFuture.runAsync(() -> pollViews(db, migrated), threads);
            try {
                // when they all migrate at once
                List<CompletableFuture<Void>> commands = pools.stream().map(pool -> CompletableFuture.runAsync(() -> {
                    awaitQuietly(go);
                    Databases.ensureMigrated(pool);
                }, threads)).toList();
                go.countDown();

                // then each succeeds, and the history holds each migration once
                for (CompletableFuture<Void> command : commands) {
                    command.get(2, TimeUnit.MINUTES);
                }
            } finally {
                migrated.set(true);
                pools.forEach(HikariDataSource::close);
                threads.shutdown();
            }
            reads.get(1, TimeUnit.MINUTES);
            assertMigratedOnce(db);
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM hp_job_summary", Long.class)).isZero();
        }
    }

    /**
     * Reads the summary view until told to stop and it has read it once; tolerates only what a client sees while the
     * schema is being made.
     */
    private static void pollViews(TestDatabase db, AtomicBoolean stop) {
        long reads = 0;
        try (Connection client = DriverManager.getConnection(db.url(), db.user(), "");
             Statement statement = client.createStatement()) {
            while (!stop.get() || reads == 0) {
                try {
                    statement.executeQuery("SELECT COUNT(*) FROM hp_job_summary").close();
                    reads++;
                } catch (SQLException e) {
                    // not made yet, or the loser of a deadlock with a migration
                    if (!List.of("42P01", "40P01").contains(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Up to date, each migration recorded once, and no failed attempt left in Flyway's history. */
    private static void assertMigratedOnce(TestDatabase db) {
        JdbcTemplate jdbc = db.jdbc();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '14'", Long.class))
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success", Long.class)).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMigrationChosenAsADeadlockVictimIsTriedAgainAndCompletes() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Databases.class);
        log.start();
        logger.addAppender(log);
        try (TestDatabase db = TestDatabase.createEmpty();
             Connection reader = DriverManager.getConnection(db.url(), db.user(), "")) {
            // given a database at version 7 (without the later views), and a reader holding hp_outcome, which
            // migration 9 re-indexes after it has altered hp_file; the reader never looks for deadlocks, so the
            // migration finds it
            Flyway.configure().configuration(Databases.flyway(db.dataSource()).getConfiguration())
                    .repeatableSqlMigrationPrefix("none").target("7").load().migrate();
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.execute("SET deadlock_timeout = '10min'");
                statement.execute("LOCK TABLE hp_outcome IN ACCESS SHARE MODE");
            }

            // when the migration waits for the reader, and the reader then asks for the table the migration holds
            CompletableFuture<Void> migration =
                    CompletableFuture.runAsync(() -> Databases.ensureMigrated(db.dataSource()));
            await("the migration waiting for hp_outcome").atMost(1, TimeUnit.MINUTES)
                    .until(() -> migration.isDone() || db.jdbc().queryForObject(WAITS_FOR_OUTCOMES, Boolean.class));
            try (Statement statement = reader.createStatement()) {
                statement.execute("LOCK TABLE hp_file IN ACCESS SHARE MODE");
            }
            reader.commit();

            // then the migration lost the deadlock once, was tried again, and brought the schema up to date
            migration.get(1, TimeUnit.MINUTES);
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().asString()
                    .startsWith("the schema migration gave way to another session").contains("deadlock");
            assertMigratedOnce(db);
        } finally {
            logger.detachAppender(log);
        }
    }
}
