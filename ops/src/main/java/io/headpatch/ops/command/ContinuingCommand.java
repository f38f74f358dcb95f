package io.headpatch.ops.command;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import io.headpatch.ops.output.OutputFormat;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.function.LongConsumer;

/** What {@code restart} and {@code retry} share: an earlier execution's work run on, with its progress and outcome. */
abstract class ContinuingCommand extends CliCommand {

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + PatchJobSettings.DEFAULT_THREADS,
            description = "connections to allow for partition threads; grown to the execution's own --threads when that is more (default: ${DEFAULT-VALUE})")
    int threads;

    @Mixin
    RemoteOptions remote;

    @Mixin
    MetricsOption metrics;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TEXT", description = "text or json")
    OutputFormat format;

    /** The execution this command continues. */
    abstract long executionId();

    /** Runs on from {@link #executionId()}, telling {@code onStart} the new execution's id. */
    abstract ExecutionSummary continueFrom(PatchJobService service, LongConsumer onStart);

    @Override
    public final Integer call() {
        try (PrometheusEndpoint endpoint = metrics.start(err());
             JobSession session = jobSession(threads, MetricsOption.observed(remote.settings(), endpoint))) {
            session.requireExecution(executionId());
            return ExecutionOutput.runAndPrint(this, session.service(), endpoint, format, "patch",
                    remote.watched(this, session.service(), onStart -> continueFrom(session.service(), onStart))).exitCode();
        }
    }
}
