package io.headpatch.ops.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
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
 * keeps a second command off the same data directory.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String USER = "postgres";
    private static final String NAME = "headpatch";
    private static final String HINT = "give --db jdbc:postgresql://HOST:5432/DB (or set HEADPATCH_DB_URL) to use a PostgreSQL server";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final FileChannel lockChannel;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, FileChannel lockChannel) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.lockChannel = lockChannel;
    }

    static EmbeddedDatabase start(Path home) {
        Path dataDirectory = home.resolve("pg");
        FileChannel lockChannel = lock(home);
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(home.resolve("pg-bin").toFile())
                    .setPort(EmbeddedPort.choose(home))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky turns synchronous_commit off for test speed; the crash protocol needs the
                    // journal on disk before any file is written, so commits must be durable here.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on");
            if (UserNamespaces.rootWithoutUserNamespaces()) {
                throw new DatabaseUnavailableException("the embedded PostgreSQL cannot run as root here (PostgreSQL refuses"
                        + " root, and user namespaces, which zonky uses to start it as root, are not available); " + HINT);
            }
            // zonky would otherwise delete unlocked data directories it finds beside its binaries
            System.setProperty("ot.epg.no-cleanup", "true");
            EmbeddedPostgres postgres = builder.start();
            createDatabase(postgres);
            return new EmbeddedDatabase(postgres, dataDirectory, lockChannel);
        } catch (IOException | RuntimeException | SQLException e) {
            release(lockChannel);
            if (e instanceof DatabaseUnavailableException unavailable) {
                throw unavailable;
            }
            throw new DatabaseUnavailableException("the embedded PostgreSQL in " + dataDirectory + " did not start ("
                    + Database.rootMessage(e) + "); " + HINT, e);
        }
    }

    private static FileChannel lock(Path home) {
        try {
            Files.createDirectories(home);
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
