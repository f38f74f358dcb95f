package io.headpatch.ops.command;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.function.LongConsumer;

/** {@code restart}: runs what a FAILED or stopped execution left, from the partitions' checkpoints. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restarts a FAILED or STOPPED execution: only unfinished partitions run, from their checkpoints."
                + " An execution left STARTED by a dead process is recovered first.")
public final class RestartCommand extends ContinuingCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to restart")
    long executionId;

    @Override
    long executionId() {
        return executionId;
    }

    @Override
    ExecutionSummary continueFrom(PatchJobService service, LongConsumer onStart) {
        return service.restart(executionId, onStart);
    }
}
