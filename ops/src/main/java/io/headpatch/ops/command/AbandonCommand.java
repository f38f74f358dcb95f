package io.headpatch.ops.command;

import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code abandon}: marks a stopped or failed execution so it is never restarted. */
@Command(name = "abandon", mixinStandardHelpOptions = true,
        description = "Marks a FAILED or STOPPED execution (or one whose process died) ABANDONED: it is never restarted.")
public final class AbandonCommand extends CliCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to abandon")
    long executionId;

    @Override
    public Integer call() {
        try (JobSession session = jobSession()) {
            session.requireExecution(executionId);
            ExecutionOutput.print(out(), session.service().abandon(executionId), OutputFormat.TEXT);
        }
        return ExitCodes.OK;
    }
}
