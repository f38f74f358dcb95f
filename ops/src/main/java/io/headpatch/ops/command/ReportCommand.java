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
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code report}: the summary, the partitions and the per-file completion report of an execution's instance. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reports an execution's job instance: summary, partitions (with hosts) and one row per file"
                + " (CSV: path,outcome,reason,before_hex,after_hex). Rows are streamed, so millions are fine.")
public final class ReportCommand extends CliCommand {

    /** Which files: all, or those not at their target (skipped, failed, pending). */
    enum FileSelection { ALL, FAILED }

    @Parameters(paramLabel = "EXECUTION_ID", description = "any execution of the instance")
    long executionId;

    @Option(names = "--files", paramLabel = "WHICH",
            description = "all or failed (default: failed for table, all for csv and json)")
    FileSelection files;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "table, csv (files only) or json (default: ${DEFAULT-VALUE})")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;

    @Override
    public Integer call() {
        boolean failedOnly = files != null ? files == FileSelection.FAILED : format == ReportFormat.TABLE;
        try (JobSession session = jobSession(JobSession.BASE_POOL_SIZE)) {
            ExecutionSummary summary = session.service().status(executionId);
            ReportSource source = new ReportSource(session.database().dataSource());
            ReportSource.Manifest manifest = source.manifestOf(executionId);
            if (output == null) {
                write(out(), summary, source, manifest, failedOnly);
            } else {
                try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
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
        Reports.write(format.writer(out), summary, source, manifest, failedOnly);
    }
}
