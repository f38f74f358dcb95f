package io.headpatch.ops.db;

import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/** {@code db status} and {@code db stop}: the embedded server as it is, without starting it. */
public final class EmbeddedServerControl {

    /** What {@code db status} shows; pid, port and version only while it runs. */
    public record Status(Path dataDirectory, Optional<Long> pid, Optional<Integer> port, String version, List<Long> holders) {

        public boolean running() {
            return pid.isPresent();
        }
    }

    private EmbeddedServerControl() {
    }

    public static Status status(Path home) {
        Path realHome = HeadpatchHome.prepare(home);
        Optional<RunningServer> server = RunningServer.find(realHome);
        return new Status(realHome.resolve("pg"), server.map(RunningServer::pid), server.map(RunningServer::port),
                server.map(running -> serverVersion(realHome, running)).orElseGet(() -> clusterVersion(realHome)),
                HolderList.of(realHome.resolve(EmbeddedLock.FILE)));
    }

    /**
     * Stops the running server now, holding the lock exclusive; refused while a command holds it, unless
     * {@code force}, which ends those commands' sessions.
     *
     * @return the pid of the server stopped, or empty when none was running
     */
    public static Optional<Long> stop(Path home, boolean force) {
        Path realHome = HeadpatchHome.prepare(home);
        try {
            Optional<RunningServer> server = RunningServer.find(realHome);
            if (server.isEmpty()) {
                return Optional.empty();
            }
            Optional<FileLock> exclusive = EmbeddedLock.tryExclusive(realHome);
            if (exclusive.isEmpty() && !force) {
                List<Long> holders = HolderList.of(realHome.resolve(EmbeddedLock.FILE));
                throw new UserException(ExitCodes.CONFLICT, "the embedded database in " + realHome.resolve("pg")
                        + " is in use by " + (holders.isEmpty() ? "another command" : "pid=" + join(holders))
                        + "; stopping it would fail them: wait for them to end, or give --force");
            }
            try (FileChannel channel = exclusive.map(FileLock::channel).orElse(null)) {
                server.get().stop();
            }
            return Optional.of(server.get().pid());
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot stop the embedded database in " + realHome.resolve("pg") + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while stopping the embedded database in " + realHome.resolve("pg"));
        }
    }

    private static String join(List<Long> pids) {
        return String.join(",", pids.stream().map(String::valueOf).toList());
    }

    private static String serverVersion(Path home, RunningServer server) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(EmbeddedServerStart.NAME), EmbeddedDatabase.USER,
                EmbeddedPassword.read(home.resolve(EmbeddedPassword.FILE)));
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SHOW server_version")) {
            version.next();
            return version.getString(1);
        } catch (IOException | SQLException e) {
            return clusterVersion(home);
        }
    }

    /** The cluster's major version, from its data directory: "none" before the first start. */
    private static String clusterVersion(Path home) {
        try {
            return Files.readString(home.resolve("pg").resolve("PG_VERSION"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "none";
        }
    }
}
