package io.headpatch.ops.db;

import io.headpatch.ops.UserException;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * The small detached process that keeps a home's embedded server: it starts the server when none runs (or adopts
 * the one a killed watcher left), then stops it once no command has held {@link EmbeddedLock} for the idle time, and
 * ends with it. A process of its own, not one of the commands, because any command may be killed with -9 and the
 * idle stop must still happen; it holds {@value #LOCK} for its whole life, so there is one per home, and a command
 * that finds that lock free starts a new one.
 */
public final class EmbeddedWatcher {

    static final String LOCK = "embedded.watcher.lock";
    /** One line: why the last start failed, for the command that waits for the server. */
    static final String FAILURE = "embedded.failure";
    static final String IDLE_VARIABLE = "HEADPATCH_DB_IDLE_SECONDS";
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int START_ATTEMPTS = 3;
    private static final Duration START_RETRY = Duration.ofSeconds(2);

    private EmbeddedWatcher() {
    }

    /** {@code EmbeddedWatcher HOME IDLE_SECONDS}: runs until the server has stopped. */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Duration idle = Duration.ofSeconds(Long.parseLong(args[1]));
        try (FileChannel channel = FileChannel.open(home.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return;  // another watcher keeps this home
            }
            if (RunningServer.find(home).isEmpty() && !start(home)) {
                System.exit(1);
            }
            watch(home, idle);
        }
    }

    /**
     * Tries a few times: the processes of a server killed with -9 may hold its shared memory for a moment, and
     * PostgreSQL refuses to start beside them.
     */
    private static boolean start(Path home) throws IOException, InterruptedException {
        Files.deleteIfExists(home.resolve(FAILURE));
        for (int attempt = 1; ; attempt++) {
            if (RunningServer.find(home).isEmpty()) {
                // a postmaster.pid of no running server (killed with -9, its pid reused) would stop PostgreSQL from starting
                Files.deleteIfExists(home.resolve("pg").resolve("postmaster.pid"));
            }
            try {
                EmbeddedServerStart.start(home);
                return true;
            } catch (Exception | Error e) {
                String reason = Database.rootMessage(e);
                System.err.println(Instant.now() + " the embedded PostgreSQL did not start (attempt " + attempt + "): " + reason);
                e.printStackTrace();
                if (attempt == START_ATTEMPTS) {
                    Files.writeString(home.resolve(FAILURE), reason, StandardCharsets.UTF_8);
                    return false;
                }
            }
            Thread.sleep(START_RETRY.toMillis());
        }
    }

    /** Polls the holders' lock; stops the server, holding that lock exclusive, after {@code idle} without holders. */
    private static void watch(Path home, Duration idle) throws IOException, InterruptedException {
        Instant idleSince = null;
        while (true) {
            Optional<RunningServer> server = RunningServer.find(home);
            if (server.isEmpty()) {
                return;  // stopped by `db stop`, or crashed: the next command starts a new one
            }
            Optional<FileLock> exclusive = EmbeddedLock.tryExclusive(home);
            if (exclusive.isEmpty()) {
                idleSince = null;
            } else {
                try (FileChannel channel = exclusive.get().channel()) {
                    Instant now = Instant.now();
                    idleSince = idleSince != null ? idleSince : now;
                    if (!now.isBefore(idleSince.plus(idle))) {
                        System.err.println(now + " idle for " + idle.toSeconds() + " s: stopping the embedded PostgreSQL");
                        server.get().stop();
                        return;
                    }
                }
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Starts a watcher for {@code home} in a session of its own (setsid: Ctrl-C in the command's terminal does not
     * reach it), with the idle time of {@value #IDLE_VARIABLE} (seconds), else five minutes.
     */
    static Process spawn(Path home, Duration idle) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Xshare:auto"));
        command.addAll(mainClassArguments());
        command.addAll(List.of(home.toString(), Long.toString(idle.toSeconds())));
        return new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(EmbeddedServerStart.LOG).toFile()))
                .redirectErrorStream(true)
                .start();
    }

    /** This class on this JVM's class path: through Spring Boot's launcher when that is the headpatch jar. */
    private static List<String> mainClassArguments() throws IOException {
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
            try (JarFile jar = new JarFile(classPath)) {
                if (jar.getEntry("BOOT-INF/") != null || jar.getEntry("BOOT-INF/classes/") != null) {
                    return List.of("-Dloader.main=" + EmbeddedWatcher.class.getName(), "-cp", classPath,
                            "org.springframework.boot.loader.launch.PropertiesLauncher");
                }
            }
        }
        return List.of("-cp", classPath, EmbeddedWatcher.class.getName());
    }

    static Duration idle(String variable) {
        if (variable == null || variable.isBlank()) {
            return DEFAULT_IDLE;
        }
        try {
            long seconds = Long.parseLong(variable.strip());
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw UserException.usage(IDLE_VARIABLE + "=" + variable + " is not a number of seconds (0 or more)");
    }
}
