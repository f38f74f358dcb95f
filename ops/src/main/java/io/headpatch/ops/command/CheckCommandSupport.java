package io.headpatch.ops.command;

import io.headpatch.job.CheckProgress;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import io.headpatch.ops.progress.ProgressDisplay;
import io.headpatch.ops.report.ReportSource;
import io.headpatch.worker.check.CheckOutcome;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What verify and rollback share: progress over the journaled files, counts, and the files found wrong. */
public final class CheckCommandSupport {

    private CheckCommandSupport() {
    }

    /**
     * Runs a check with progress (done/total, problems so far) and returns its counts. SIGTERM or
     * Ctrl-C stops it after the current page (every page is recorded whole), exiting 143/130 with the
     * command that finishes it.
     */
    static Map<CheckOutcome, Long> withProgress(CliCommand command, String task, long executionId, long total,
                                                 Function<CheckProgress, Map<CheckOutcome, Long>> check) {
        try (Interrupts interrupts = Interrupts.install(command.err());
             ProgressDisplay display = command.progress(task, false)) {
            display.update(0, total, 0);
            return check.apply((done, problems) -> {
                display.update(done, total, problems);
                if (interrupts.signal() != null) {
                    throw new UserException(interrupts.exitCode(ExitCodes.FAILED), String.format(Locale.ROOT,
                            "%s stopped by SIG%s after %,d of %,d files; run it again to finish: headpatch %s%s %d", task,
                            interrupts.signal(), done, total, command.root().databaseOptions(), task, executionId));
                }
            });
        }
    }

    /** Prints the counts and every file found wrong (with its images in the reason); exit 0 when none was. */
    public static int report(PrintWriter out, String kind, long executionId, Map<CheckOutcome, Long> counts, ReportSource source) {
        String summary = counts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        long problems = counts.entrySet().stream().filter(e -> e.getKey().isProblem()).mapToLong(Map.Entry::getValue).sum();
        out.printf(Locale.ROOT, "%s of execution %d: %s%n", kind.toLowerCase(Locale.ROOT), executionId,
                summary.isEmpty() ? "no journaled files" : summary);
        if (problems > 0) {
            long manifestId = source.manifestOf(executionId).manifestId();
            source.checkProblems(manifestId, kind, row -> out.printf(Locale.ROOT, "%-11s %s%s%n", row.outcome(), row.path(),
                    row.reason() == null ? "" : " (" + row.reason() + ")"));
        }
        out.flush();
        return problems == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
