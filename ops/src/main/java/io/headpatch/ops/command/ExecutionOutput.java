package io.headpatch.ops.command;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobService;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.output.ExecutionText;
import io.headpatch.ops.output.ExecutionView;
import io.headpatch.ops.output.Json;
import io.headpatch.ops.output.OutputFormat;
import io.headpatch.ops.progress.ExecutionWatcher;
import io.headpatch.ops.progress.ProgressDisplay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/** Runs a launch or restart with progress, prints the execution and maps its status to the exit code. */
final class ExecutionOutput {

    private static final Duration TERMINAL_POLL = Duration.ofMillis(500);

    /** A launch or restart that tells its execution id as soon as it exists. */
    @FunctionalInterface
    interface Run {
        ExecutionSummary run(LongConsumer onStart);
    }

    private ExecutionOutput() {
    }

    /** Runs with progress on stderr, prints the execution on stdout and returns it. */
    static ExecutionSummary runAndPrint(CliCommand command, PatchJobService service, OutputFormat format, String task, Run run) {
        boolean json = format == OutputFormat.JSON;
        ProgressDisplay display = command.progress(task, json);
        Duration poll = command.environment().terminal() ? TERMINAL_POLL : ProgressDisplay.PLAIN_INTERVAL;
        ExecutionSummary summary;
        try (ExecutionWatcher watcher = new ExecutionWatcher(service, display, poll)) {
            summary = run.run(watcher::watch);
            watcher.finish(summary);
        }
        print(command.out(), summary, format);
        return summary;
    }

    static void print(PrintWriter out, ExecutionSummary summary, OutputFormat format) {
        if (format == OutputFormat.JSON) {
            Json.write(out, ExecutionView.of(summary));
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

    static int exitCode(ExecutionSummary summary) {
        return summary.completed() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
