package io.headpatch.job;

import io.headpatch.job.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reporting views live in one repeatable migration (R__reporting_views.sql) that runs after the versioned
 * ones: a database the old versions (V1..V10) left with V3, V9 and V10's definitions ends with the same views as a
 * fresh one.
 */
class ReportingViewsMigrationIntegrationTests {

    private static final String VIEWS = """
            SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema() ORDER BY viewname""";
    private static final String HISTORY = """
            SELECT COALESCE(version, description) FROM flyway_schema_history WHERE success ORDER BY installed_rank""";

    @Test
    void aFreshDatabaseRunsTheViewsAfterTheLastVersion() {
        // given
        try (TestDatabase fresh = TestDatabase.create()) {
            JdbcTemplate jdbc = new JdbcTemplate(fresh.dataSource());

            // when
            List<String> history = jdbc.queryForList(HISTORY, String.class);

            // then
            assertThat(history).endsWith("14", "reporting views");
            assertThat(views(jdbc)).containsOnlyKeys("hp_check_report", "hp_decided_per_second", "hp_failed_file_report",
                    "hp_failure", "hp_file_report", "hp_job_summary", "hp_partition_progress", "hp_worker_status");
        }
    }

    @Test
    void aDatabaseAtV10EndsWithTheViewsOfAFreshOne() {
        // given: one database as the versions up to V10 left it, one migrated from nothing
        try (TestDatabase fresh = TestDatabase.create(); TestDatabase installed = TestDatabase.createEmpty()) {
            // The versions alone: a target still runs repeatable migrations, a prefix no file has leaves R__ out.
            Flyway.configure().dataSource(installed.dataSource()).locations("classpath:db/migration").target("10")
                    .repeatableSqlMigrationPrefix("NONE").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(installed.dataSource());
            Map<String, String> before = views(jdbc);

            // when
            Databases.migrate(installed.dataSource());

            // then
            assertThat(before).doesNotContainKey("hp_worker_status").containsKey("hp_job_summary");
            assertThat(jdbc.queryForList(HISTORY, String.class)).endsWith("14", "reporting views");
            assertThat(views(jdbc)).isEqualTo(views(new JdbcTemplate(fresh.dataSource())));
        }
    }

    /** Each view's definition as PostgreSQL prints it back, by name. */
    private static Map<String, String> views(JdbcTemplate jdbc) {
        Map<String, String> views = new TreeMap<>();
        jdbc.query(VIEWS, rs -> {
            views.put(rs.getString(1), rs.getString(2));
        });
        return views;
    }
}
