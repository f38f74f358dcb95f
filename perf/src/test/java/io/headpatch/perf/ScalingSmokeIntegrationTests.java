package io.headpatch.perf;

import io.headpatch.job.support.PostgresServer;
import io.headpatch.job.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * perf's {@code scaling} end to end on a few hundred files, two partitions and two worker contexts, so that the
 * benchmark cannot rot: it runs, patches every file, and prints its tables, with the statements as the client
 * counted them on the tests' PostgreSQL (no pg_stat_statements loaded), and as the server counted them on a
 * server of its own that loads it.
 */
class ScalingSmokeIntegrationTests {

    private static final String NOT_LOADED =
            "statements: pg_stat_statements is not loaded (shared_preload_libraries), so only the client's counts are shown";

    @TempDir
    Path dir;

    @Test
    void clientCountsWhereTheServerDoesNotCountStatements() {
        // given: the tests' PostgreSQL, started without pg_stat_statements
        TestServer server = TestServer.get();

        // when
        PerfRun run = scaling(server.hostPort(), server.user());

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
        try (PostgresServer server = PostgresServer.start(Map.of("shared_preload_libraries", "pg_stat_statements"))) {

            // when
            PerfRun run = scaling(server.hostPort(), "postgres");

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

    private PerfRun scaling(String server, String user) {
        return PerfRun.of("scaling", "--files", "300", "--partitions", "2", "--chunk", "50",
                "--workers", "2", "--idle-seconds", "1", "--dir", dir.resolve("files").toString(), "--db-host", server, "--db-user", user);
    }
}
