package io.headpatch.ops.command;

import io.headpatch.job.PatchJobService;
import io.headpatch.job.CheckKind;
import io.headpatch.ops.report.ReportSource;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code rollback}: puts the journaled original headers back where the header is still ours. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Restores the journaled original header of every file the execution's instance patched, where"
                + " the header is still the one headpatch wrote; lists conflicts (changed by someone else since)."
                + " Exits 0 when every file is back, 1 otherwise.")
public final class RollbackCommand extends CliCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "any execution of the instance")
    long executionId;

    @Mixin
    WriteModeOptions write;

    @Override
    public Integer call() {
        WriteOptions options = write.toWriteOptions();
        try (JobSession session = jobSession()) {
            session.requireExecution(executionId);
            PatchJobService service = session.service();
            long total = service.journaledFiles(executionId);
            Map<CheckOutcome, Long> counts = CheckCommandSupport.withProgress(this, "rollback", executionId, total,
                    progress -> service.rollback(executionId, options, progress));
            return CheckCommandSupport.report(out(), CheckKind.ROLLBACK.name(), executionId, counts,
                    new ReportSource(session.database().dataSource()));
        }
    }
}
