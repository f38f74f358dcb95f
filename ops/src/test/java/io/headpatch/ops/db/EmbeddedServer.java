package io.headpatch.ops.db;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The embedded database of a home, started by {@link EmbeddedDatabase} in a child JVM ({@link EmbeddedServerMain}).
 * PostgreSQL refuses to run as root, and user namespaces, through which zonky would start it as root, are not
 * everywhere (CI runs as root in a container): as root, the child runs as the unprivileged system user
 * {@value #SERVER_USER} (setpriv), who then owns the home, as a user starting headpatch would. Its one capability,
 * to read any file, lets it load the test classpath from root's Maven repository.
 */
final class EmbeddedServer implements AutoCloseable {

    /** Not nobody: {@code OtherUser} is nobody, the other local user the tests keep out. */
    static final String SERVER_USER = "daemon";

    private final Process process;
    private final String jdbcUrl;
    private final String password;

    private EmbeddedServer(Process process, String jdbcUrl, String password) {
        this.process = process;
        this.jdbcUrl = jdbcUrl;
        this.password = password;
    }

    /** Starts the embedded database of {@code home} (created if missing) and waits until it accepts connections. */
    static EmbeddedServer start(Path home) throws IOException {
        List<String> command = new ArrayList<>();
        if (new UnixSystem().getUid() == 0) {
            giveToServerUser(home);
            command.addAll(List.of("setpriv", "--reuid=" + SERVER_USER, "--regid=" + SERVER_USER, "--clear-groups",
                    "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search", "--"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedServerMain.class.getName(), home.toString()));
        Path output = Files.createTempFile("embedded-server", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            String started = await("the embedded server of " + home + " started").atMost(3, TimeUnit.MINUTES)
                    .failFast("the embedded server's JVM ended", () -> !process.isAlive())
                    .until(() -> Files.readAllLines(output).stream().filter(line -> line.startsWith(EmbeddedServerMain.STARTED))
                            .findFirst().orElse(null), line -> line != null);
            String[] fields = started.split(" ");
            return new EmbeddedServer(process, fields[1], fields[2]);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw new AssertionError(e.getMessage() + "; its output:\n" + Files.readString(output), e);
        } finally {
            Files.delete(output);
        }
    }

    /**
     * The home as a user's own: created 0700 when missing, owned by {@value #SERVER_USER}. Its parent (a test's
     * temporary folder, 0700) lets others pass: PostgreSQL checks its binaries with access(2), which ignores capabilities.
     */
    private static void giveToServerUser(Path home) throws IOException {
        if (!Files.exists(home)) {
            Files.createDirectory(home, PosixFilePermissions.asFileAttribute(HeadpatchHome.OWNER_ONLY));
        }
        Files.setOwner(home, home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER));
        Path parent = home.toAbsolutePath().getParent();
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(parent);
        if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
            Files.setPosixFilePermissions(parent, permissions);
        }
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String password() {
        return password;
    }

    /** Stops the server (its JVM closes {@link EmbeddedDatabase} when its input ends) and waits for the JVM to end. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the embedded server did not stop within two minutes");
        }
    }
}
