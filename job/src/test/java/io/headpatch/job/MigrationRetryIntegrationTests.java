package io.headpatch.job;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.headpatch.job.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A schema migration that PostgreSQL picks as a deadlock victim, against a session reading the tables it alters (a
 * report, the console, a client polling the views), is tried again instead of failing the command that started it.
 */
class MigrationRetryIntegrationTests {

    private static final String WAITS_FOR_OUTCOMES =
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'hp_outcome'::regclass)";

    @Test
    void aMigrationChosenAsADeadlockVictimIsTriedAgainAndCompletes() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Databases.class);
        log.start();
        logger.addAppender(log);
        try (TestDatabase db = TestDatabase.createEmpty();
             Connection reader = DriverManager.getConnection(db.url(), db.user(), "")) {
            // given a database at version 7 (without the views of later versions), and a reader holding hp_outcome, which migration 9 re-indexes after it
            // has altered hp_file; the reader never looks for deadlocks, so the migration is the one that finds it
            Flyway.configure().configuration(Databases.flyway(db.dataSource()).getConfiguration())
                    .repeatableSqlMigrationPrefix("none").target("7").load().migrate();
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.execute("SET deadlock_timeout = '10min'");
                statement.execute("LOCK TABLE hp_outcome IN ACCESS SHARE MODE");
            }

            // when the migration waits for the reader, and the reader then asks for the table the migration holds
            CompletableFuture<Void> migration = CompletableFuture.runAsync(() -> Databases.ensureMigrated(db.dataSource()));
            await("the migration waiting for hp_outcome").atMost(1, TimeUnit.MINUTES)
                    .until(() -> migration.isDone() || db.jdbc().queryForObject(WAITS_FOR_OUTCOMES, Boolean.class));
            try (Statement statement = reader.createStatement()) {
                statement.execute("LOCK TABLE hp_file IN ACCESS SHARE MODE");
            }
            reader.commit();

            // then the migration lost the deadlock once, was tried again, and brought the schema up to date
            migration.get(1, TimeUnit.MINUTES);
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().startsWith("the schema migration gave way to another session").contains("deadlock");
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '14'",
                    Long.class)).isEqualTo(1L);
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success", Long.class)).isZero();
        } finally {
            logger.detachAppender(log);
        }
    }
}
