package io.headpatch.ops.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class EmbeddedDatabaseIntegrationTests {

    @Test
    void theEmbeddedServerCommitsDurablySoTheJournalIsOnDiskBeforeAnyWrite(@TempDir Path home) throws Exception {
        // given
        assumeFalse(UserNamespaces.rootWithoutUserNamespaces(), "the embedded server cannot start as root here");

        // when
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(home);
             Connection connection = DriverManager.getConnection(embedded.jdbcUrl(), EmbeddedDatabase.USER, "");
             Statement statement = connection.createStatement()) {

            // then
            assertThat(setting(statement, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(statement, "fsync")).isEqualTo("on");
        }
    }

    private static String setting(Statement statement, String name) throws Exception {
        try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
