package io.headpatch.job;

import io.headpatch.job.support.SchemaFingerprint;
import io.headpatch.job.support.TestDatabase;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every command's start skips Flyway when the database records that it was brought up to date with exactly this
 * build's migrations, and runs it (validation included) whenever the record is missing or another build's.
 */
class SchemaFingerprintIntegrationTests {

    private static final String RECORDED = "SELECT fingerprint FROM hp_schema_fingerprint";
    /** A history Flyway's validation refuses: a migration's checksum no longer matches its file. */
    private static final String TAMPER = "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'";

    @Test
    void aNewDatabaseIsMigratedAndRecordsThisBuildsMigrations() {
        try (TestDatabase db = TestDatabase.createEmpty()) {
            // when
            Databases.ensureMigrated(db.dataSource());

            // then
            JdbcTemplate jdbc = db.jdbc();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '14'", Long.class))
                    .isEqualTo(1L);
            assertThat(jdbc.queryForList(RECORDED, String.class)).containsExactly(SchemaFingerprint.ofClasspath().toString());
        }
    }

    @Test
    void flywayRunsOnlyWhenTheRecordIsAnotherBuilds() {
        try (TestDatabase db = TestDatabase.createEmpty()) {
            // given: up to date, then a history Flyway's validation would refuse
            Databases.ensureMigrated(db.dataSource());
            JdbcTemplate jdbc = db.jdbc();
            jdbc.update(TAMPER);

            // when the record is this build's, then Flyway is not asked
            Databases.ensureMigrated(db.dataSource());

            // when the record is another build's
            jdbc.update("UPDATE hp_schema_fingerprint SET fingerprint = 'another build'");

            // then Flyway validates (and refuses), and nothing is recorded
            assertThatThrownBy(() -> Databases.ensureMigrated(db.dataSource())).isInstanceOf(FlywayValidateException.class);
            assertThat(jdbc.queryForList(RECORDED, String.class)).containsExactly("another build");
        }
    }
}
