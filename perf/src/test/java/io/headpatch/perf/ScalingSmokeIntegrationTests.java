package io.headpatch.perf;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * perf's {@code scaling} end to end on a few hundred files, two partitions and two worker contexts, so that the
 * benchmark cannot rot: it runs, patches every file, and prints its tables, with the statements as the client
 * counted them on the machine's PostgreSQL (no pg_stat_statements loaded), and as the server counted them on an
 * embedded server that loads it.
 */
class ScalingSmokeIntegrationTests {

    private static final String NOT_LOADED =
            "statements: pg_stat_statements is not loaded (shared_preload_libraries), so only the client's counts are shown";

    @TempDir
    Path dir;

    @Test
    void clientCountsWhereTheServerDoesNotCountStatements() {
        // given: the machine's PostgreSQL, started without pg_stat_statements

        // when
        PerfRun run = scaling("127.0.0.1:5432");

        // then
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).as(run.output()).contains(
                NOT_LOADED,
                "status COMPLETED, outcomes [PATCHED=300]",
                "| counted in the client | statements | transactions | rows fetched or written |",
                "| workers, per chunk |",
                "#### Statements workers, per chunk (8 chunks), client-side",
                "#### Statements manager after the scan, per partition (2 partitions), client-side",
                "| statement | calls | calls /chunk | rows | total ms | ms per call |",
                "| `INSERT INTO hp_journal (file_id, manifest_id, before_bytes, after_bytes, device, inode) SELECT",
                "### Idle workers (no job): 2 context(s) × 1 thread(s)",
                "#### Statements idle workers, client-side");
    }

    @Test
    void serverCountsWhereTheServerLoadsPgStatStatements() throws Exception {
        // given: a server of its own that loads pg_stat_statements
        try (EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true)
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .start()) {

            // when
            PerfRun run = scaling("localhost:" + server.getPort());

            // then
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output()).as(run.output()).contains(
                    "statements: as the server counted them (pg_stat_statements)",
                    "status COMPLETED, outcomes [PATCHED=300]",
                    "| workers, per chunk |",
                    "#### Statements of all roles from the end of the scan, per chunk (8 chunks, 2 partitions), server-side",
                    "| `INSERT INTO hp_journal (file_id, manifest_id, before_bytes, after_bytes, device, inode) SELECT",
                    "#### Statements idle workers, server-side")
                    .doesNotContain(NOT_LOADED, "client-side", "pg_get_wal_records_info");
        }
    }

    private PerfRun scaling(String server) {
        return PerfRun.of("scaling", "--files", "300", "--partitions", "2", "--chunk", "50",
                "--workers", "2", "--idle-seconds", "1", "--dir", dir.resolve("files").toString(), "--db-host", server);
    }
}
