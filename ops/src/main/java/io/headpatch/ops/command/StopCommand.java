package io.headpatch.ops.command;

import io.headpatch.ops.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stop}: asks a running execution to stop once its current chunks are committed. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stops a running execution gracefully: current chunks finish, then it is STOPPED and restartable.")
public final class StopCommand extends CliCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "the running execution")
    long executionId;

    @Override
    public Integer call() {
        try (JobSession session = jobSession()) {
            session.requireExecution(executionId);
            session.service().stop(executionId);
        }
        out().println("stop requested for execution " + executionId + "; its current chunks finish first"
                + " (see 'headpatch status " + executionId + "'); once STOPPED, continue it with: headpatch "
                + root().databaseOptions() + "restart " + executionId);
        out().flush();
        return ExitCodes.OK;
    }
}
