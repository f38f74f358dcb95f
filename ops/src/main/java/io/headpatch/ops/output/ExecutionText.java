package io.headpatch.ops.output;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.ExecutionSummary;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Executions for people: a block for one, a table for many. */
public final class ExecutionText {

    private ExecutionText() {
    }

    public static void print(PrintWriter out, ExecutionSummary s) {
        out.printf(Locale.ROOT, "execution %d (instance %d): %s%s%n", s.executionId(), s.jobInstanceId(), s.status(),
                s.dryRun() ? " (dry run)" : "");
        if (s.ownerGone()) {
            out.printf(Locale.ROOT, "  owner       %s%n", ownerGone(s));
        }
        out.printf(Locale.ROOT, "  spec        %s%n", s.specName() == null ? "-" : s.specName());
        out.printf(Locale.ROOT, "  options     %s%n", options(s));
        if (s.incremental()) {
            out.printf(Locale.ROOT, "  baseline    %s%n", s.baselineInstanceId() == null
                    ? "none (no COMPLETED launch of this spec over these roots): every file planned"
                    : "instance " + s.baselineInstanceId() + " (unchanged files since then not opened)");
        }
        if (s.retryOf() != null) {
            out.printf(Locale.ROOT, "  retry of    execution %d (its failed files)%n", s.retryOf());
        }
        if (s.retriedBy() != null) {
            out.printf(Locale.ROOT, "  retried by  execution %d%n", s.retriedBy());
        }
        out.printf(Locale.ROOT, "  started     %s%n", time(s.startTime()));
        out.printf(Locale.ROOT, "  ended       %s%s%n", time(s.endTime()), elapsed(s.startTime(), s.endTime()));
        out.printf(Locale.ROOT, "  files       %,d decided of %,d (%,.1f files/s%s)%n", s.filesDecided(), s.filesTotal(),
                s.filesPerSecond(), s.ownerGone() ? " until it was last seen" : "");
        String outcomes = nonZero(s.outcomes());
        out.printf(Locale.ROOT, "  outcomes    %s%n", outcomes.isEmpty() ? "-" : outcomes);
        out.printf(Locale.ROOT, "  partitions  %d: %d completed, %d failed%n", s.partitionsTotal(), s.partitionsCompleted(),
                s.partitionsFailed());
        if (s.exitMessage() != null && !s.exitMessage().isBlank() && !s.completed()) {
            out.printf(Locale.ROOT, "  message     %s%n", s.exitMessage());
        }
        if (continuable(s)) {
            out.printf(Locale.ROOT, "  continue    %s%n", recoverCommand(s));
        }
        out.flush();
    }

    public static void table(PrintWriter out, List<ExecutionSummary> executions) {
        out.printf(Locale.ROOT, "%-10s %-9s %-10s %-25s %-25s %10s %10s %9s %10s  %s%n", "EXECUTION", "INSTANCE", "STATUS",
                "STARTED", "ENDED", "FILES", "DONE", "FAILURES", "FILES/S", "SPEC");
        for (ExecutionSummary s : executions) {
            out.printf(Locale.ROOT, "%-10d %-9d %-10s %-25s %-25s %10d %10d %9d %10.1f  %s%n", s.executionId(),
                    s.jobInstanceId(), s.status(), time(s.startTime()), time(s.endTime()), s.filesTotal(),
                    done(s.outcomes()), failures(s.outcomes()), s.filesPerSecond(), s.specName() == null ? "-" : s.specName());
        }
        executions.stream().filter(ExecutionSummary::ownerGone)
                .forEach(s -> out.printf(Locale.ROOT, "execution %d: %s%n", s.executionId(), ownerGone(s)));
        out.flush();
    }

    /**
     * Stopped, failed, UNKNOWN (a chunk that could not roll back; {@code restart} turns it into FAILED first), or left
     * running by a process that is gone: {@code restart} continues it.
     */
    public static boolean continuable(ExecutionSummary s) {
        return s.ownerGone() || s.status() == ExecutionStatus.STOPPED || s.status() == ExecutionStatus.FAILED
                || s.status() == ExecutionStatus.UNKNOWN;
    }

    /** The command that continues a {@link #continuable} execution: it recovers it if need be, then runs what remained. */
    public static String recoverCommand(ExecutionSummary s) {
        return "headpatch restart " + s.executionId();
    }

    private static String ownerGone(ExecutionSummary s) {
        return String.format(Locale.ROOT, "%s is gone: nothing runs this execution; recover it with: %s",
                s.owner() == null ? "its process" : "its process " + s.owner(), recoverCommand(s));
    }

    /** The launch's options that decide what is written, as typed: "--dry-run --allow-hard-links", or "-". */
    private static String options(ExecutionSummary s) {
        String options = Stream.of(s.dryRun() ? "--dry-run" : null, s.incremental() ? "--incremental" : null,
                s.allowHardLinks() ? "--allow-hard-links" : null).filter(Objects::nonNull).collect(Collectors.joining(" "));
        return options.isEmpty() ? "-" : options;
    }

    static String nonZero(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    public static long failures(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream()
                .filter(e -> io.headpatch.worker.plan.Outcome.valueOf(e.getKey()).isFailure())
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static long done(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream()
                .filter(e -> io.headpatch.worker.plan.Outcome.valueOf(e.getKey()).isDone())
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static String time(LocalDateTime time) {
        return Times.text(time);
    }

    private static String elapsed(LocalDateTime start, LocalDateTime end) {
        if (start == null || end == null) {
            return "";
        }
        Duration d = Duration.between(start, end);
        return String.format(Locale.ROOT, " (%d.%01d s)", d.toSeconds(), d.toMillisPart() / 100);
    }
}
