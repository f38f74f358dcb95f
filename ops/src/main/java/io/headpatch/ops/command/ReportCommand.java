package io.headpatch.ops.command;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import io.headpatch.ops.report.ReportFormat;
import io.headpatch.ops.report.ReportSource;
import io.headpatch.ops.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code report}: the summary, the partitions and the per-file completion report of an execution's instance. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reports an execution's job instance: summary, partitions (with hosts) and one row per file"
                + " (CSV: path,outcome,reason,before_hex,after_hex). Rows are streamed, so millions are fine."
                + " To run the files that were not done again: report ID --files failed --format paths -0 -o retry.txt,"
                + " then launch --manifest retry.txt with the same spec.")
public final class ReportCommand extends CliCommand {

    /** Which files: all, or those not at their target (skipped, failed, pending). */
    enum FileSelection { ALL, FAILED }

    @Parameters(paramLabel = "EXECUTION_ID", description = "any execution of the instance")
    long executionId;

    @Option(names = "--files", paramLabel = "WHICH",
            description = "all, or failed: those not at their target (skipped, failed or undecided)"
                    + " (default: failed for table, all for the others)")
    FileSelection files;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "table, csv (files only), json, or paths (one path a line, what launch --manifest reads)"
                    + " (default: ${DEFAULT-VALUE})")
    ReportFormat format;

    @Option(names = {"-0", "--null"}, description = "with --format paths: end each path with NUL instead of a line break"
            + " (for names holding line breaks; launch --manifest reads both)")
    boolean nulSeparated;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;

    @Override
    public Integer call() {
        if (nulSeparated && format != ReportFormat.PATHS) {
            throw UserException.usage("-0 goes with --format paths, not --format " + format.name().toLowerCase(Locale.ROOT));
        }
        boolean failedOnly = files != null ? files == FileSelection.FAILED : format == ReportFormat.TABLE;
        try (JobSession session = jobSession()) {
            ExecutionSummary summary = session.service().status(executionId);
            ReportSource source = new ReportSource(session.database().dataSource());
            ReportSource.Manifest manifest = source.manifestOf(executionId);
            if (output == null && format == ReportFormat.PATHS) {
                out().flush();
                PrintWriter exact = new PrintWriter(new OutputStreamWriter(root().exactOut(), format.charset()));
                write(exact, summary, source, manifest, failedOnly);
            } else if (output == null) {
                write(out(), summary, source, manifest, failedOnly);
            } else {
                try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(output, format.charset()))) {
                    write(file, summary, source, manifest, failedOnly);
                } catch (IOException e) {
                    throw UserException.usage("cannot write the report to " + output + ": " + e.getMessage());
                }
            }
        }
        return ExitCodes.OK;
    }

    private void write(PrintWriter out, ExecutionSummary summary, ReportSource source, ReportSource.Manifest manifest,
                       boolean failedOnly) {
        Reports.write(format.writer(out, nulSeparated ? '\0' : '\n'), summary, source, manifest, failedOnly);
    }
}
