package io.headpatch.ops.command;

import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import io.headpatch.ops.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code restart}: runs what a FAILED or stopped execution left, from the partitions' checkpoints. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restarts a FAILED or STOPPED execution: only unfinished partitions run, from their checkpoints."
                + " An execution left STARTED by a dead process is recovered first.")
public final class RestartCommand extends CliCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to restart")
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
                    remote.watched(this, session.service(), onStart -> session.service().restart(executionId, onStart))).exitCode();
        }
    }
}
