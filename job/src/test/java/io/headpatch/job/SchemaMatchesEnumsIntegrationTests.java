package io.headpatch.job;

import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.plan.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrations spell {@link Outcome} in SQL (a column per outcome, lists of the outcomes that leave
 * a header at its target); the Java code builds its lists from the enum. These must agree: a new
 * outcome, or a changed {@code isDone}, fails here rather than at run time in {@code status}.
 */
class SchemaMatchesEnumsIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    private static final Pattern QUOTED = Pattern.compile("'([A-Z_]+)'");

    private final JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());

    @Test
    void jobSummaryHasOneColumnPerOutcomeInTheEnumsOrder() {
        // given
        List<String> columns = jdbc.queryForList("""
                SELECT column_name FROM information_schema.columns
                WHERE table_name = 'hp_job_summary'
                  AND ordinal_position > (SELECT ordinal_position FROM information_schema.columns
                                          WHERE table_name = 'hp_job_summary' AND column_name = 'files_decided')
                  AND ordinal_position < (SELECT ordinal_position FROM information_schema.columns
                                          WHERE table_name = 'hp_job_summary' AND column_name = 'files_per_second')
                ORDER BY ordinal_position""", String.class);

        // then
        assertThat(columns).containsExactlyElementsOf(
                Arrays.stream(Outcome.values()).map(o -> o.name().toLowerCase(Locale.ROOT)).toList());
    }

    @Test
    void failureViewsAndIndexListExactlyTheSettledOutcomes() {
        // given
        Set<String> done = new TreeSet<>(Arrays.stream(Outcome.values()).filter(Outcome::isSettled).map(Enum::name).toList());

        // when
        Set<String> failureView = quoted(jdbc.queryForObject("SELECT pg_get_viewdef('hp_failure'::regclass)", String.class));
        Set<String> failureIndex = quoted(jdbc.queryForObject(
                "SELECT pg_get_indexdef('hp_outcome_failure_ix'::regclass)", String.class));
        Set<String> failedReport = quoted(jdbc.queryForObject("SELECT pg_get_viewdef('hp_failed_file_report'::regclass)", String.class));
        failedReport.remove(ExecutionStatus.COMPLETED.name());

        // then
        assertThat(failureView).isEqualTo(done);
        assertThat(failureIndex).isEqualTo(done);
        assertThat(failedReport).isEqualTo(done);
    }

    @Test
    void workerStatusCountsThePartitionsOfRunningSteps() {
        // given
        Set<String> running = new TreeSet<>(Arrays.stream(ExecutionStatus.values()).filter(ExecutionStatus::isRunning)
                .map(Enum::name).toList());

        // when
        Set<String> workerStatus = quoted(jdbc.queryForObject("SELECT pg_get_viewdef('hp_worker_status'::regclass)", String.class));

        // then
        assertThat(workerStatus).isEqualTo(running);
    }

    @Test
    void summaryCountsEveryOutcomeInItsOwnColumn() {
        // given
        String definition = jdbc.queryForObject("SELECT pg_get_viewdef('hp_job_summary'::regclass)", String.class);

        // then
        assertThat(quoted(definition)).containsAll(Arrays.stream(Outcome.values()).map(Enum::name).toList());
    }

    /** The single-quoted upper-case words of a definition, e.g. 'PATCHED'::text. */
    private static Set<String> quoted(String definition) {
        Set<String> words = new TreeSet<>();
        Matcher matcher = QUOTED.matcher(definition);
        while (matcher.find()) {
            words.add(matcher.group(1));
        }
        return words;
    }
}
