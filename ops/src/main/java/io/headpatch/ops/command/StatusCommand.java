package io.headpatch.ops.command;

import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status}: one execution, or the recent ones newest first. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows an execution: status, files by outcome, partitions, speed. Without an id, the recent"
                + " executions, newest first. Exits 0 whenever it could report.")
public final class StatusCommand extends CliCommand {

    @Parameters(arity = "0..1", paramLabel = "EXECUTION_ID", description = "the execution to show")
    Long executionId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "executions listed without an id (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TEXT",
            description = "text or json (an object, or an array without an id)")
    OutputFormat format;

    @Override
    public Integer call() {
        try (JobSession session = jobSession()) {
            if (executionId != null) {
                ExecutionOutput.print(out(), session.service().status(executionId), format);
            } else {
                ExecutionOutput.print(out(), session.service().recent(Math.max(limit, 1)), format);
            }
        }
        return ExitCodes.OK;
    }
}
