package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal is durable before any file is touched, even where the server's default is not to wait for the disk. */
class DurableJournalIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    @Test
    void theJournalCommitsWithSynchronousCommitOnOnADatabaseWhoseDefaultIsOff(@TempDir Path dir) throws Exception {
        // given: a database whose default is synchronous_commit = off, and a pool that sees what each journal commit ran with
        db.setDefault("synchronous_commit", "off");
        List<Path> files = FhdrTree.generate(dir, 1_000, 21);
        FhdrExpectations expected = new FhdrExpectations(files);
        List<String> journalCommits = new CopyOnWriteArrayList<>();
        try (var pool = Databases.open(db.url(), db.user(), "", 16)) {
            assertThat(setting(pool)).isEqualTo("off");
            DataSource observed = new DelegatingDataSource(pool) {
                @Override
                public Connection getConnection() throws SQLException {
                    return observingJournalCommits(super.getConnection(), journalCommits);
                }
            };

            // when
            ExecutionSummary summary;
            try (PatchJobService service = new PatchJobService(observed)) {
                summary = service.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                        new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false))
                        .partitions(2).threads(2).chunk(100).build());
                long timestamp = db.jdbc().queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?",
                        Long.class, summary.jobInstanceId());
                expected.assertAllPatched(timestamp);
            }

            // then: every chunk's journal transaction waited for the disk
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(journalCommits).hasSize(10).containsOnly("on");
        }
    }

    private static String setting(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement show = connection.createStatement();
             ResultSet rs = show.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Records, at the commit of each transaction that inserted into hp_journal, its synchronous_commit. */
    private static Connection observingJournalCommits(Connection connection, List<String> journalCommits) {
        boolean[] journaling = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                            && sql.contains("INSERT INTO hp_journal")) {
                        journaling[0] = true;
                    } else if (method.getName().equals("commit") && journaling[0]) {
                        try (Statement show = connection.createStatement(); ResultSet rs = show.executeQuery("SHOW synchronous_commit")) {
                            rs.next();
                            journalCommits.add(rs.getString(1));
                        }
                        journaling[0] = false;
                    } else if (method.getName().equals("rollback") || method.getName().equals("close")) {
                        journaling[0] = false;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
