package io.headpatch.ops.command;

import io.headpatch.job.PatchJobService;
import io.headpatch.job.CheckKind;
import io.headpatch.ops.report.ReportSource;
import io.headpatch.worker.check.CheckOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code verify}: re-reads every file the instance patched and compares it with the journaled after-image. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-reads every file the execution's instance patched and lists those whose header is no longer"
                + " the journaled result. Exits 0 when all match, 1 otherwise.")
public final class VerifyCommand extends CliCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "any execution of the instance")
    long executionId;

    @Override
    public Integer call() {
        try (JobSession session = jobSession()) {
            session.requireExecution(executionId);
            PatchJobService service = session.service();
            long total = service.journaledFiles(executionId);
            Map<CheckOutcome, Long> counts = CheckCommandSupport.withProgress(this, "verify", executionId, total,
                    progress -> service.verify(executionId, progress));
            return CheckCommandSupport.report(out(), CheckKind.VERIFY.name(), executionId, counts,
                    new ReportSource(session.database().dataSource()));
        }
    }
}
