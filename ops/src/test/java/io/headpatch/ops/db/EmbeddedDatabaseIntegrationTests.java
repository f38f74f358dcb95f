package io.headpatch.ops.db;

import io.headpatch.ops.support.OtherUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded server as the operator's own: durable, current, and closed to every other local user. As root, it runs
 * as an unprivileged user ({@link EmbeddedServer}), so these tests run wherever the build does, never skipped.
 */
class EmbeddedDatabaseIntegrationTests {

    @Test
    void theEmbeddedServerCommitsDurablySoTheJournalIsOnDiskBeforeAnyWrite(@TempDir Path home) throws Exception {
        // when
        try (EmbeddedServer embedded = EmbeddedServer.start(home);
             Connection connection = DriverManager.getConnection(embedded.jdbcUrl(), EmbeddedDatabase.USER, embedded.password());
             Statement statement = connection.createStatement()) {

            // then
            assertThat(setting(statement, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(statement, "fsync")).isEqualTo("on");
            assertThat(setting(statement, "server_version")).startsWith(EmbeddedDatabase.MAJOR_VERSION + ".");
        }
    }

    @Test
    void anotherUserCanNeitherConnectNorReadThePasswordNorChangeTheBinaries(@TempDir Path parent) throws Exception {
        // given
        Path home = parent.resolve("home");
        try (EmbeddedServer embedded = EmbeddedServer.start(home)) {
            int port = Integer.parseInt(embedded.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
            Path passwordFile = home.resolve(EmbeddedPassword.FILE);
            Path postgresBinary;
            try (Stream<Path> found = Files.walk(home.resolve("pg-bin"))) {
                postgresBinary = found.filter(p -> p.endsWith(Path.of("bin", "postgres"))).findFirst().orElseThrow();
            }
            // the parent is the test's temporary folder (0700): open it so that only the home's own mode protects it
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));

            // when: nobody, who knows the port, tries to connect over TCP (no password, a guessed one) and the Unix socket
            String tcp = "host=127.0.0.1 port=" + port + " user=postgres dbname=headpatch connect_timeout=10";
            OtherUser.Result noPassword = OtherUser.run("psql", "-w", "-X", "-d", tcp, "-c", "SELECT 1");
            OtherUser.Result guessed = OtherUser.run(Map.of("PGPASSWORD", "postgres"), "psql", "-w", "-X", "-d", tcp, "-c", "SELECT 1");
            OtherUser.Result socket = OtherUser.run("psql", "-w", "-X", "-d",
                    "host=/tmp port=" + port + " user=postgres dbname=headpatch", "-c", "SELECT 1");
            OtherUser.Result readPassword = OtherUser.run("cat", passwordFile.toString());
            OtherUser.Result readPort = OtherUser.run("cat", home.resolve("embedded.port").toString());
            OtherUser.Result writeBinary = OtherUser.run("sh", "-c", "echo 'exit 0' > '" + postgresBinary + "'");
            OtherUser.Result addBinary = OtherUser.run("touch", home.resolve("pg-bin").resolve("initdb").toString());

            // then: refused, and the owner with the password still gets in
            assertThat(noPassword.exitCode()).as(noPassword.output()).isNotZero();
            assertThat(noPassword.output()).contains("password");
            assertThat(guessed.exitCode()).as(guessed.output()).isNotZero();
            assertThat(guessed.output()).contains("password authentication failed");
            assertThat(socket.exitCode()).as(socket.output()).isNotZero();
            assertThat(Path.of("/tmp/.s.PGSQL." + port)).doesNotExist();
            assertThat(readPassword.exitCode()).as(readPassword.output()).isNotZero();
            assertThat(readPassword.output()).contains("Permission denied").doesNotContain(EmbeddedPassword.read(passwordFile));
            assertThat(readPort.exitCode()).as(readPort.output()).isNotZero();
            assertThat(writeBinary.exitCode()).as(writeBinary.output()).isNotZero();
            assertThat(writeBinary.output()).contains("Permission denied");
            assertThat(addBinary.exitCode()).as(addBinary.output()).isNotZero();
            assertThat(home.resolve("pg-bin").resolve("initdb")).doesNotExist();
            assertThat(Files.readAllBytes(postgresBinary)).hasSizeGreaterThan(100_000);
            assertThat(Files.getPosixFilePermissions(home)).isEqualTo(HeadpatchHome.OWNER_ONLY);
            assertThat(Files.getPosixFilePermissions(home.resolve("pg-bin"))).isEqualTo(HeadpatchHome.OWNER_ONLY);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            assertThatThrownBy(() -> DriverManager.getConnection(embedded.jdbcUrl(), EmbeddedDatabase.USER, "").close())
                    .isInstanceOf(SQLException.class);
            try (Connection owner = DriverManager.getConnection(embedded.jdbcUrl(), EmbeddedDatabase.USER, embedded.password());
                 Statement statement = owner.createStatement()) {
                assertThat(setting(statement, "listen_addresses")).isEqualTo("localhost");
                assertThat(setting(statement, "unix_socket_directories")).isEmpty();
            }
        }
    }

    @Test
    void aHomeThatOthersMayWriteOrThatBelongsToAnotherUserIsRefused(@TempDir Path parent) throws Exception {
        // given
        Path writable = Files.createDirectory(parent.resolve("writable"));
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path foreign = Files.createDirectory(parent.resolve("foreign"), PosixFilePermissions.asFileAttribute(HeadpatchHome.OWNER_ONLY));
        Files.setAttribute(foreign, "unix:uid", 65534);

        // when / then
        assertThatThrownBy(() -> EmbeddedDatabase.start(writable))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("refusing home=" + writable)
                .hasMessageContaining("group or others may write it");
        assertThatThrownBy(() -> EmbeddedDatabase.start(foreign))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("refusing home=" + foreign)
                .hasMessageContaining("belongs to uid=65534");
        assertThat(writable).isEmptyDirectory();
        assertThat(foreign).isEmptyDirectory();
    }

    @Test
    void aNewHomeIsCreatedOwnerOnlyAndAReadableOneIsClosed(@TempDir Path parent) throws Exception {
        // given
        Path readable = Files.createDirectory(parent.resolve("readable"));
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));

        // when
        Path created = HeadpatchHome.prepare(parent.resolve("new").resolve("home"));
        HeadpatchHome.prepare(readable);

        // then
        assertThat(Files.getPosixFilePermissions(created)).isEqualTo(HeadpatchHome.OWNER_ONLY);
        assertThat(Files.getPosixFilePermissions(readable)).isEqualTo(HeadpatchHome.OWNER_ONLY);
    }

    @Test
    void aHomeMadeByAnOlderPostgresqlIsLeftAloneWithTheWayOut(@TempDir Path home) throws Exception {
        // given: the data directory of a PostgreSQL 14 cluster, as headpatch 0.1 made it
        Path data = Files.createDirectories(home.resolve("pg"));
        Files.writeString(data.resolve("PG_VERSION"), "14\n", StandardCharsets.US_ASCII);
        Files.writeString(data.resolve("postgresql.conf"), "# old\n", StandardCharsets.US_ASCII);
        Files.writeString(data.resolve("old-table"), "rows", StandardCharsets.US_ASCII);

        // when / then
        assertThatThrownBy(() -> EmbeddedDatabase.start(home))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("made by PostgreSQL 14")
                .hasMessageContaining("runs PostgreSQL " + EmbeddedDatabase.MAJOR_VERSION)
                .hasMessageContaining("pg_dumpall")
                .hasMessageContaining("--db");
        try (Stream<Path> left = Files.list(data)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("PG_VERSION", "postgresql.conf", "old-table");
        }
        assertThat(Files.readString(data.resolve("old-table"))).isEqualTo("rows");
        assertThat(Files.getPosixFilePermissions(home)).doesNotContain(PosixFilePermission.OTHERS_READ);
    }

    private static String setting(Statement statement, String name) throws Exception {
        try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
