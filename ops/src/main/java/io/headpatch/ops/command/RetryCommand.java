package io.headpatch.ops.command;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.function.LongConsumer;

/** {@code retry}: the failed files of a COMPLETED execution (exit 5), launched again as a new run. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Runs the IO_ERROR, GONE and CHANGED_SINCE_SCAN files of a COMPLETED execution again as a new launch:"
                + " their paths under the same roots, the spec and options it ran with, a new run id. A FAILED or STOPPED"
                + " execution is continued by restart instead.")
public final class RetryCommand extends ContinuingCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "the COMPLETED execution whose failed files to run again")
    long executionId;

    @Override
    long executionId() {
        return executionId;
    }

    @Override
    ExecutionSummary continueFrom(PatchJobService service, LongConsumer onStart) {
        return service.retry(executionId, onStart);
    }
}
