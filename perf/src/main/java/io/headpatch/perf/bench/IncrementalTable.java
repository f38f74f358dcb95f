package io.headpatch.perf.bench;

import io.headpatch.job.PruneResult;
import io.headpatch.perf.db.StatementFigures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tables {@code perf/bench incremental} prints (Markdown, as perf/README.md quotes them). */
final class IncrementalTable {

    private IncrementalTable() {
    }

    /**
     * The launches with their steps and CPU; the statements the incremental one waited on; the history each left; the
     * ratios and what prune would remove.
     */
    static List<String> lines(Incremental.Result result) {
        List<LaunchMeter.Figures> launches = result.launches();
        LaunchMeter.Figures detailed = result.incremental();
        List<String> lines = new ArrayList<>();
        lines.add("| launch | files | outcomes | time (s) | files/s | scan (s) | patch (s) | rest (s) | CPU s: JVM + DB | CPU µs/file | load |");
        lines.add("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LaunchMeter.Figures launch : launches) {
            lines.add(String.format(Locale.ROOT, "| %s | %,d | %s | %.2f | %,.0f | %.2f | %.2f | %.2f | %.1f + %s | %.1f | %s |",
                    launch.label(), launch.files(), outcomes(launch.outcomes()), launch.seconds(), launch.files() / launch.seconds(),
                    launch.steps().getOrDefault("scan", 0.0), launch.steps().getOrDefault("patch", 0.0), launch.restSeconds(),
                    launch.jvmCpuSeconds(), launch.serverCpuSeconds() == null ? "?" : String.format(Locale.ROOT, "%.1f",
                            launch.serverCpuSeconds()), launch.cpuSeconds() * 1e6 / launch.files(), launch.loadBefore()));
        }
        lines.add("");
        lines.add("JDBC time of \"" + detailed.label() + "\" by statement (all its threads; the scan's COPY runs while it walks):");
        lines.add("");
        lines.add("| s | calls | rows | statement |");
        lines.add("|---:|---:|---:|---|");
        for (StatementFigures statement : detailed.statements()) {
            lines.add(String.format(Locale.ROOT, "| %.2f | %,d | %,d | `%s` |", statement.millis() / 1e3, statement.calls(),
                    statement.rows(), statement.query()));
        }
        lines.add("");
        lines.add("History each launch added, per file of the launch (tables with their indexes):");
        lines.add("");
        lines.add("| launch | rows per file | hp_file B/file | hp_outcome B/file | hp_journal B/file | hp_carried rows | database B/file |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|");
        for (LaunchMeter.Figures launch : launches) {
            double files = launch.files();
            long rows = launch.rowsAdded().values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> bytes = launch.bytesAdded();
            lines.add(String.format(Locale.ROOT, "| %s | %.4f | %.1f | %.1f | %.1f | %,d | %.1f |", launch.label(), rows / files,
                    bytes.get("hp_file") / files, bytes.get("hp_outcome") / files, bytes.get("hp_journal") / files,
                    launch.rowsAdded().get("hp_carried"), bytes.get("database") / files));
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "incremental / full: time %.1f %% (target <= 15 %%: %s), CPU %.1f %%",
                100 * result.timeRatio(), result.timeRatio() <= 0.15 ? "met" : "NOT met", 100 * result.cpuRatio()));
        lines.add("prune of every instance (dry run): " + prune(result.prune()));
        lines.add("prune --include-journal (dry run): " + prune(result.pruneIncludeJournal()));
        return lines;
    }

    private static String prune(PruneResult counts) {
        return String.format(Locale.ROOT, "%,d instances removed (%,d files, %,d outcomes, %,d journal rows), %,d kept whole for rollback,"
                        + " %,d for the files a later incremental run carries",
                counts.instances(), counts.files(), counts.outcomes(), counts.journalRows(), counts.keptForRollback(),
                counts.keptCarried());
    }

    private static String outcomes(Map<String, Long> outcomes) {
        StringBuilder text = new StringBuilder();
        outcomes.forEach((outcome, count) -> text.append(text.isEmpty() ? "" : ", ").append(outcome).append(' ')
                .append(String.format(Locale.ROOT, "%,d", count)));
        return text.toString();
    }
}
