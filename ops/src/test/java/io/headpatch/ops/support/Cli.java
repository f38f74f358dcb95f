package io.headpatch.ops.support;

import io.headpatch.ops.CliEnvironment;
import io.headpatch.ops.HeadpatchCommand;
import io.headpatch.ops.schedule.StopSignal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs headpatch commands in-process through picocli, with captured output and error writers. */
public final class Cli {

    private final CliEnvironment environment;
    private final List<String> prefix;

    private Cli(CliEnvironment environment, List<String> prefix) {
        this.environment = environment;
        this.prefix = prefix;
    }

    /** No database options: the embedded database under {@code home} would be used. */
    public static Cli withHome(Path home) {
        return new Cli(new CliEnvironment(Map.of(CliEnvironment.HOME, home.toString()), false, new StopSignal()), List.of());
    }

    /** No database options, these environment variables besides {@code HEADPATCH_HOME}. */
    public static Cli withEnvironment(Path home, Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(variables);
        all.put(CliEnvironment.HOME, home.toString());
        return new Cli(new CliEnvironment(all, false, new StopSignal()), List.of());
    }

    /** Every command gets {@code --db URL --db-user USER}. */
    public static Cli onDatabase(String url, String user, Path home) {
        return onDatabase(url, user, home, new StopSignal());
    }

    public static Cli onDatabase(String url, String user, Path home, StopSignal stop) {
        return new Cli(new CliEnvironment(Map.of(CliEnvironment.HOME, home.toString()), false, stop),
                List.of("--db", url, "--db-user", user));
    }

    public Result run(String... args) {
        return run(new StringWriter(), new StringWriter(), args);
    }

    /** As {@link #run(String...)}, writing into {@code out} and {@code err}, which another thread may read while it runs. */
    public Result run(StringWriter out, StringWriter err, String... args) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(Arrays.asList(args));
        int exitCode = HeadpatchCommand.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true),
                all.toArray(String[]::new));
        return new Result(exitCode, out.toString(), err.toString());
    }

    public record Result(int exitCode, String out, String err) {

        public List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
