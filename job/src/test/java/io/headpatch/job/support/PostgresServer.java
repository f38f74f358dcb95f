package io.headpatch.job.support;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for tests, from the binaries the product ships (zonky's, extracted once into the
 * module's {@code target/}), on a free loopback port, user {@code postgres} with trust authentication, its data
 * under {@code target/postgres/}. PostgreSQL refuses to run as root: as root it runs in a user namespace
 * ({@code unshare -U}, as the product does) or, where there are none, as {@code nobody} through {@code setpriv}.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path BINARIES = TARGET.resolve("postgres-bin");
    private static final Path SERVERS = TARGET.resolve("postgres");
    private static final int NOBODY = 65534;
    private static final List<String> AS_SERVER_USER = serverUser();

    private final Path data;
    private final int port;

    private PostgresServer(Path data, int port) {
        this.data = data;
        this.port = port;
    }

    /**
     * A new server, started; {@code settings} go into its postgresql.conf. The test's data is thrown away with it,
     * so it does not fsync; commits still reach the operating system before they return.
     */
    public static PostgresServer start(Map<String, String> settings) {
        try {
            removeServersOfDeadJvms();
            Path data = Files.createDirectories(SERVERS.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID()));
            if (AS_SERVER_USER.contains("setpriv")) {
                Files.setAttribute(data, "unix:uid", NOBODY);
                Files.setAttribute(data, "unix:gid", NOBODY);
            }
            Files.setPosixFilePermissions(data, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            PostgresServer server = new PostgresServer(data, freePort());
            server.run("initdb", "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF-8", "--no-sync");
            StringBuilder conf = new StringBuilder("\nport = " + server.port + "\nlisten_addresses = '127.0.0.1'\n"
                    + "unix_socket_directories = ''\nmax_connections = 300\nfsync = off\nfull_page_writes = off\n");
            settings.forEach((key, value) -> conf.append(key).append(" = '").append(value).append("'\n"));
            Files.writeString(data.resolve("postgresql.conf"), conf, StandardOpenOption.APPEND);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again after {@link #stopImmediately()}, on the same port and data. */
    public void start() {
        run("pg_ctl", "-D", data.toString(), "-l", data.resolve("server.log").toString(), "-w", "-t", "120", "start");
    }

    /** Stops the server as a crash would: no checkpoint, every connection cut; {@link #start()} recovers. */
    public void stopImmediately() {
        run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
    }

    /** The JDBC URL of {@code database} on this server (user {@code postgres}, no password). */
    public String url(String database) {
        return "jdbc:postgresql://" + hostPort() + "/" + database;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Stops the server and removes its data. */
    @Override
    public void close() {
        stopAndRemove(data);
    }

    private void run(String program, String... args) {
        runIn(data, program, args);
    }

    private static void runIn(Path data, String program, String... args) {
        List<String> command = new ArrayList<>(AS_SERVER_USER);
        command.add(binaries().resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("postgres-" + program, ".out");
            try {
                Process process = new ProcessBuilder(command).directory(data.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("test PostgreSQL: " + String.join(" ", command) + " failed: "
                            + Files.readString(output).strip());
                }
            } finally {
                Files.delete(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stopAndRemove(Path data) {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                runIn(data, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (IllegalStateException alreadyStopped) {
                // a server that crashed or was stopped leaves its pid file behind
            }
        }
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test JVM killed before its shutdown hook leaves its servers running: the next one stops and removes them. */
    private static void removeServersOfDeadJvms() throws IOException {
        if (!Files.isDirectory(SERVERS)) {
            return;
        }
        try (Stream<Path> servers = Files.list(SERVERS)) {
            servers.filter(dir -> ProcessHandle.of(Long.parseLong(dir.getFileName().toString().split("-")[0])).isEmpty())
                    .forEach(PostgresServer::stopAndRemove);
        }
    }

    /** zonky's archive of the PostgreSQL binaries, extracted once per module (under a lock: test JVMs may overlap). */
    private static synchronized Path binaries() {
        Path done = BINARIES.resolve(".extracted");
        if (Files.exists(done)) {
            return BINARIES;
        }
        try {
            Files.createDirectories(TARGET);
            try (FileChannel lock = FileChannel.open(TARGET.resolve("postgres-bin.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); var held = lock.lock()) {
                if (!Files.exists(done)) {
                    extract(DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", System.getProperty("os.arch")));
                    Files.createFile(done);
                }
            }
            return BINARIES;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the PostgreSQL binaries into " + BINARIES, e);
        }
    }

    private static void extract(InputStream archive) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(archive))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = BINARIES.resolve(entry.getName()).normalize();
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(target, BINARIES.resolve(entry.getLinkName()));
                } else if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    /** The command prefix that runs PostgreSQL's programs under an unprivileged uid when this JVM is root. */
    private static List<String> serverUser() {
        if (new UnixSystem().getUid() != 0) {
            return List.of();
        }
        if (succeeds("unshare", "-U", "true")) {
            return List.of("unshare", "-U");
        }
        if (succeeds("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "true")) {
            return List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
        }
        throw new IllegalStateException("test PostgreSQL: running as root, PostgreSQL needs an unprivileged uid, but neither "
                + "`unshare -U` (user namespaces) nor `setpriv` (util-linux) works here; run the tests as another user, "
                + "or set HEADPATCH_TEST_DB_URL to a PostgreSQL server");
    }

    private static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
