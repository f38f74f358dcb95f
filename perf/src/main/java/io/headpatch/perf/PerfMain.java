package io.headpatch.perf;

import io.headpatch.perf.bench.Bench;
import io.headpatch.perf.bench.Incremental;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The one entry point of {@code perf/target/benchmarks.jar} (its manifest's main): {@code bench}, {@code incremental},
 * {@code scaling}, and {@code jmh}, which hands its arguments to JMH's own command line. See perf/README.md.
 */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = "headpatch's benchmarks.",
        subcommands = {Bench.class, Incremental.class, RemoteScalingBenchmark.class, PerfMain.Jmh.class})
public final class PerfMain {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it. */
    public static CommandLine commandLine() {
        return new CommandLine(new PerfMain()).setCaseInsensitiveEnumValuesAllowed(true).setOverwrittenOptionsAllowed(true);
    }

    /** JMH's benchmarks of this jar (HeaderWriteBenchmark), with JMH's own options: {@code jmh -h} lists them. */
    @Command(name = "jmh", description = "Runs JMH benchmarks with JMH's own options (e.g. `jmh HeaderWrite -f 1`; `jmh -h`).")
    static final class Jmh implements Callable<Integer> {

        @Unmatched
        List<String> arguments = List.of();

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
            return 0;
        }
    }
}
