package io.headpatch.ops.command;

import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import io.headpatch.ops.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code retry}: the failed files of a COMPLETED execution (exit 5), launched again as a new run. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Runs the IO_ERROR, GONE and CHANGED_SINCE_SCAN files of a COMPLETED execution again as a new launch:"
                + " their paths under the same roots, the spec and options it ran with, a new run id. A FAILED or STOPPED"
                + " execution is continued by restart instead.")
public final class RetryCommand extends CliCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "the COMPLETED execution whose failed files to run again")
    long executionId;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + PatchJobSettings.DEFAULT_THREADS,
            description = "connections to allow for partition threads; grown to the execution's own --threads when that is more (default: ${DEFAULT-VALUE})")
    int threads;

    @Mixin
    RemoteOptions remote;

    @Mixin
    MetricsOption metrics;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TEXT", description = "text or json")
    OutputFormat format;

    @Override
    public Integer call() {
        try (PrometheusEndpoint endpoint = metrics.start(err());
             JobSession session = jobSession(threads, MetricsOption.observed(remote.settings(), endpoint))) {
            session.requireExecution(executionId);
            return ExecutionOutput.runAndPrint(this, session.service(), endpoint, format, "patch",
                    remote.watched(this, session.service(), onStart -> session.service().retry(executionId, onStart))).exitCode();
        }
    }
}
