package io.headpatch.ops.command;

import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.PartitionWorker;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;


/**
 * {@code worker}: a long-running process that takes partitions of {@code launch --remote} from the
 * database. SIGTERM (or Ctrl-C) stops it gracefully: running partitions finish their current chunk
 * and end STOPPED, restartable; the process exits 0.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Takes partitions sent by `launch --remote` / `restart --remote` from the database and runs them,"
                + " N at a time, until SIGTERM. The files must be at the same paths as on the manager (e.g. a shared"
                + " filesystem); over a network filesystem use `launch --io pwrite`.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or Ctrl-C after finishing its current chunks", "2:usage error",
                "4:database unreachable"})
public final class WorkerCommand extends CliCommand {

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + PatchJobSettings.DEFAULT_THREADS, description = "partitions run at once (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--name", paramLabel = "NAME", description = "how reports show this worker (default: host/pid)")
    String name;

    @Mixin
    MetricsOption metrics;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 1) {
            throw UserException.usage("--threads=" + threads + " must be at least 1");
        }
        PatchJobSettings settings = PatchJobSettings.worker(name, PatchJobSettings.DEFAULT_LEASE);
        String workerName = settings.workerName();
        try (PrometheusEndpoint endpoint = metrics.start(err());
             JobSession session = jobSession(PatchJobSettings.poolSize(threads), MetricsOption.observed(settings, endpoint))) {
            PartitionWorker worker = session.service().worker(threads);
            Signal.handle(new Signal("TERM"), signal -> worker.stop());
            Signal.handle(new Signal("INT"), signal -> worker.stop());
            err().printf("worker %s: taking partitions, %d at a time; SIGTERM stops it after the current chunks%n", workerName, threads);
            err().flush();
            worker.run();
            err().printf("worker %s: stopped%n", workerName);
            err().flush();
            return ExitCodes.OK;
        }
    }
}
