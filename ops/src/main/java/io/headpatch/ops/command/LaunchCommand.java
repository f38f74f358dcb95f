package io.headpatch.ops.command;

import io.headpatch.job.LaunchRequest;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import io.headpatch.ops.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code launch}: a new job instance over the given files, run to its end in this process. */
@Command(name = "launch", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scans the files, patches their headers in partitions and reports the outcome of each file.")
public final class LaunchCommand extends CliCommand {

    @Mixin
    LaunchOptions options;

    @Mixin
    RemoteOptions remote;

    @Mixin
    MetricsOption metrics;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TEXT",
            description = "text or json (one object; no progress output)")
    OutputFormat format;

    @Override
    public Integer call() {
        LaunchRequest request = options.toRequest();
        try (PrometheusEndpoint endpoint = metrics.start(err());
             JobSession session = jobSession(options.threads, MetricsOption.observed(remote.settings(), endpoint))) {
            return ExecutionOutput.runAndPrint(this, session.service(), endpoint, format, "patch",
                    remote.watched(this, session.service(), onStart -> session.service().launch(request, onStart))).exitCode();
        }
    }
}
