package io.headpatch.ops.command;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobService;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UnfinishedRunException;
import io.headpatch.ops.UserException;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import io.headpatch.ops.output.ExecutionText;
import io.headpatch.ops.output.ExecutionView;
import io.headpatch.ops.output.Json;
import io.headpatch.ops.output.OutputFormat;
import io.headpatch.ops.progress.ExecutionWatcher;
import io.headpatch.ops.progress.ProgressDisplay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Runs a launch or restart with progress, stops it at a chunk boundary on SIGTERM or Ctrl-C, prints
 * the execution and maps its status (and the signal) to the exit code.
 */
final class ExecutionOutput {

    private static final Duration TERMINAL_POLL = Duration.ofMillis(500);

    /** A launch or restart that tells its execution id as soon as it exists. */
    @FunctionalInterface
    interface Run {
        ExecutionSummary run(LongConsumer onStart);
    }

    private ExecutionOutput() {
    }

    /**
     * Runs with progress on stderr and prints the execution on stdout; the exit code is the
     * execution's ({@link #exitCode(ExecutionSummary)}), or 143/130 when a signal stopped it.
     */
    static Ran runAndPrint(CliCommand command, PatchJobService service, OutputFormat format, String task, Run run) {
        return runAndPrint(command, service, null, format, task, run);
    }

    /** As above, feeding the run's files by outcome to the metrics endpoint (if any) and pushing them at the end. */
    static Ran runAndPrint(CliCommand command, PatchJobService service, PrometheusEndpoint metrics, OutputFormat format,
                           String task, Run run) {
        boolean json = format == OutputFormat.JSON;
        ProgressDisplay display = command.progress(task, json);
        Duration poll = command.environment().terminal() ? TERMINAL_POLL : ProgressDisplay.PLAIN_INTERVAL;
        ExecutionSummary summary;
        AtomicLong started = new AtomicLong(-1);
        try (Interrupts interrupts = Interrupts.install(command.err());
             ExecutionWatcher watcher = new ExecutionWatcher(service, display, poll,
                     polled -> MetricsOption.record(metrics, polled, false))) {
            try {
                summary = run.run(id -> {
                    started.set(id);
                    watcher.watch(id);
                    MetricsOption.follow(metrics, () -> service.status(id));
                    MetricsOption.watchFleet(metrics, service);
                    interrupts.onStop(() -> service.stop(id));
                });
            } catch (RuntimeException e) {
                if (started.get() < 0 || e instanceof UserException) {
                    throw e;
                }
                throw new UnfinishedRunException("headpatch " + command.root().databaseOptions() + "restart " + started.get(), e);
            }
            watcher.finish(summary);
            MetricsOption.record(metrics, summary, true);
            if (metrics != null) {
                MetricsOption.push(metrics, command.err(), MetricsOption.group(service, summary));
            }
            if (interrupts.signal() == null || summary.completed()) {
                print(command.out(), summary, exitCode(summary), format);
                return new Ran(summary, exitCode(summary));
            }
            int exitCode = interrupts.exitCode(ExitCodes.FAILED);
            print(command.out(), summary, exitCode, format);
            command.err().printf(Locale.ROOT, "execution %d %s after SIG%s; resume it with: headpatch %srestart %d%n",
                    summary.executionId(), summary.status(), interrupts.signal(), command.root().databaseOptions(),
                    summary.executionId());
            command.err().flush();
            return new Ran(summary, exitCode);
        }
    }

    /** A run's execution as printed, and the exit code it means. */
    record Ran(ExecutionSummary summary, int exitCode) {
    }

    static void print(PrintWriter out, ExecutionSummary summary, OutputFormat format) {
        print(out, summary, ExecutionView.exitCode(summary), format);
    }

    /** As above, with the exit code of this process (JSON carries it). */
    static void print(PrintWriter out, ExecutionSummary summary, Integer exitCode, OutputFormat format) {
        if (format == OutputFormat.JSON) {
            Json.write(out, ExecutionView.of(summary, exitCode));
        } else {
            ExecutionText.print(out, summary);
        }
    }

    static void print(PrintWriter out, List<ExecutionSummary> summaries, OutputFormat format) {
        if (format == OutputFormat.JSON) {
            Json.write(out, summaries.stream().map(ExecutionView::of).toList());
        } else {
            ExecutionText.table(out, summaries);
        }
    }

    /** {@link ExecutionView#exitCode(ExecutionSummary)}; 1 for an execution not ended (a run only returns ended ones). */
    static int exitCode(ExecutionSummary summary) {
        Integer exitCode = ExecutionView.exitCode(summary);
        return exitCode == null ? ExitCodes.FAILED : exitCode;
    }
}
