package io.headpatch.job.retention;

import io.headpatch.job.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prune names its tables by hand ({@link PrunedTable}); a table added later that names an instance, an execution or a
 * manifest must be pruned too, go with one of those by ON DELETE CASCADE, or be listed here with the reason it stays.
 */
class PrunedTablesIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    /** Tables that keep their rows when what they name is pruned, and why. */
    private static final Map<String, String> KEPT = Map.of(
            "hp_schedule", "ops's record of a schedule: its last_execution_id may outlive the execution (the console shows no status)");

    /** Every table with a column that names a job instance, job or step execution, or manifest. */
    private static final String NAMING = """
            SELECT DISTINCT c.table_name
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND (c.column_name LIKE '%instance_id' OR c.column_name LIKE '%execution_id' OR c.column_name LIKE '%manifest_id')""";
    /** (table, table it references) of every foreign key whose rows go with the referenced row. */
    private static final String CASCADING = """
            SELECT conrelid::regclass::text, confrelid::regclass::text
            FROM pg_constraint WHERE contype = 'f' AND confdeltype = 'c'""";

    private final JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());

    @Test
    void everyTableThatNamesAnInstanceIsPrunedCascadedOrKeptOnPurpose() {
        // when
        Set<String> uncovered = uncovered();

        // then
        assertThat(uncovered).isEmpty();
        assertThat(jdbc.queryForList(NAMING, String.class)).contains("hp_partition", "hp_carried", "batch_step_execution_context")
                .containsAll(KEPT.keySet());
    }

    @Test
    void aNewTableThatNamesAnExecutionIsFound() {
        // given
        jdbc.execute("CREATE TABLE hp_added_later (job_execution_id BIGINT)");
        try {
            // when
            Set<String> uncovered = uncovered();

            // then
            assertThat(uncovered).containsExactly("hp_added_later");
        } finally {
            jdbc.execute("DROP TABLE hp_added_later");
        }
    }

    /** The tables that name an instance, execution or manifest and that prune neither deletes from nor cascades to. */
    private Set<String> uncovered() {
        Set<String> covered = new TreeSet<>(Arrays.stream(PrunedTable.values()).map(table -> table.table).toList());
        List<String[]> cascades = jdbc.query(CASCADING, (rs, i) -> new String[] {rs.getString(1), rs.getString(2)});
        for (boolean grew = true; grew; ) {
            grew = false;
            for (String[] cascade : cascades) {
                grew |= covered.contains(cascade[1]) && covered.add(cascade[0]);
            }
        }
        covered.addAll(KEPT.keySet());
        Set<String> uncovered = new TreeSet<>(jdbc.queryForList(NAMING, String.class));
        uncovered.removeAll(covered);
        return uncovered;
    }
}
