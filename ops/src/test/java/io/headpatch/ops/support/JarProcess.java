package io.headpatch.ops.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built headpatch.jar as a real process, with the JVM flags of the root pom, on a given database. */
public final class JarProcess {

    private final Path jar = Path.of(requiredProperty("headpatch.jar"));
    private final List<String> jvmFlags = Arrays.asList(requiredProperty("headpatch.jvmFlags").trim().split("\\s+"));
    private final Path home;
    private final List<String> databaseOptions;
    private final Map<String, String> environment = new LinkedHashMap<>();

    public JarProcess(Path home, String url, String user) {
        this(home, List.of("--db", url, "--db-user", user));
    }

    private JarProcess(Path home, List<String> databaseOptions) {
        this.home = home;
        this.databaseOptions = databaseOptions;
    }

    /** Commands without database options: the embedded database under {@code home}. */
    public static JarProcess embedded(Path home) {
        return new JarProcess(home, List.of());
    }

    /** Sets an environment variable of every process started from now on (e.g. LANG, HEADPATCH_DB_URL). */
    public JarProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts a command with its output and errors in the given files. */
    public Process start(Path out, Path err, String... args) throws IOException {
        return builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Starts a command; its output goes to a file in the home folder, its errors to the test's. */
    public Process start(String... args) throws IOException {
        return builder(args).redirectOutput(home.resolve("out-" + System.nanoTime() + ".txt").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Runs a command to its end (at most five minutes). */
    public Cli.Result run(String... args) throws IOException, InterruptedException {
        Path out = home.resolve("out-" + System.nanoTime() + ".txt");
        Path err = home.resolve("err-" + System.nanoTime() + ".txt");
        Process process = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("headpatch " + String.join(" ", args) + " did not end within five minutes");
        }
        return new Cli.Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * The process of a command, for tests that redirect and read its output themselves. It gets SIGINT and SIGTERM as
     * from a terminal: a build started in the background ignores SIGINT, the JVM keeps an ignored signal ignored, and
     * a test's Ctrl-C would then never arrive ({@code env} execs the JVM, so the pid is the command's).
     */
    public ProcessBuilder builder(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(databaseOptions);
        command.addAll(Arrays.asList(args));
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HEADPATCH_HOME", home.toString());
        builder.environment().putAll(environment);
        return builder;
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (run through Maven Failsafe)");
        }
        return value;
    }
}
