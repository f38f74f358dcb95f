package io.headpatch.ops.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Starts the embedded server of a home through zonky (which extracts the binaries, runs initdb the first time and
 * {@code pg_ctl start}, in a user namespace as root), detached: no shutdown hook stops it with this JVM, and its log
 * goes to {@value #LOG} in the home. Whoever calls this holds the watcher lock, so one start at a time.
 */
final class EmbeddedServerStart {

    static final String LOG = "embedded.log";
    static final String NAME = "headpatch";

    private EmbeddedServerStart() {
    }

    static void start(Path home) throws IOException, SQLException {
        Path dataDirectory = home.resolve("pg");
        Path passwordFile = EmbeddedPassword.file(home);
        String password = EmbeddedPassword.read(passwordFile);
        Path binaries = home.resolve("pg-bin");
        // zonky creates its working folder (default /tmp/embedded-pg) even when told to extract elsewhere
        System.setProperty("ot.epg.working-dir", binaries.toString());
        // zonky would otherwise delete unlocked data directories it finds beside its binaries
        System.setProperty("ot.epg.no-cleanup", "true");
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(home.resolve(LOG).toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPort(EmbeddedPort.choose(home))
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky runs `initdb -A trust`; these later options win: the superuser gets the password
                // and every connection must give it (zonky passes "locale" options through as --key=value)
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toString())
                .setConnectConfig("password", password)
                .setDataDirectoryCustomizer(data -> writeHostBasedAccess(data.toPath()))
                // loopback TCP only; no Unix socket in a shared folder such as /tmp
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky turns synchronous_commit off for test speed; the crash protocol needs the
                // journal on disk before any file is written, so commits must be durable here.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        // zonky makes its working folder world-writable; inside a 0700 home nobody else reaches it anyway
        Files.setPosixFilePermissions(binaries, HeadpatchHome.OWNER_ONLY);
        createDatabase(postgres);
    }

    /** Written at every start: TCP on loopback with the password only; no other host, no Unix socket, no trust. */
    private static void writeHostBasedAccess(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    # Written by headpatch at every start: the superuser over loopback TCP, with its password only.
                    host all %1$s 127.0.0.1/32 scram-sha-256
                    host all %1$s ::1/128 scram-sha-256
                    """.formatted(EmbeddedDatabase.USER), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDirectory, e);
        }
    }

    private static void createDatabase(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + NAME);
        }
    }
}
