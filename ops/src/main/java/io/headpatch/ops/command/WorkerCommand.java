package io.headpatch.ops.command;

import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.PartitionWorker;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import io.headpatch.ops.db.DatabaseProbe;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code worker}: a long-running process that takes partitions of {@code launch --remote} from the
 * database. SIGTERM (or Ctrl-C) stops it gracefully: running partitions finish their current chunk
 * and end STOPPED, restartable; the process exits 0. With {@code --metrics-port}, {@code /readyz} there says
 * whether its database answers.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Takes partitions sent by `launch --remote` / `restart --remote` from the database and runs them,"
                + " N at a time, until SIGTERM. The files must be at the same paths as on the manager (e.g. a shared"
                + " filesystem); over a network filesystem use `launch --io pwrite`. The worker touches nothing outside"
                + " its --root folders: a partition whose roots or files lie elsewhere fails with the reason, unopened.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or Ctrl-C after finishing its current chunks",
                "1:stopped because it could not work (the reason is printed)", "2:usage error (e.g. no --root)",
                "4:database unreachable"})
public final class WorkerCommand extends CliCommand {

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + PatchJobSettings.DEFAULT_THREADS, description = "partitions run at once (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--name", paramLabel = "NAME", description = "how reports show this worker (default: host/pid)")
    String name;

    @Option(names = "--root", paramLabel = "DIR", required = true,
            description = "a folder this worker may touch (repeatable, at least one): launches whose roots or files lie"
                    + " outside every --root fail on this worker without opening a file")
    List<Path> roots;

    @Mixin
    MetricsOption metrics;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 1) {
            throw UserException.usage("--threads=" + threads + " must be at least 1");
        }
        PatchJobSettings settings = PatchJobSettings.worker(name, PatchJobSettings.DEFAULT_LEASE, allowedRoots());
        try (PrometheusEndpoint endpoint = metrics.start(err(), settings.workerName());
             JobSession session = jobSession(threads, MetricsOption.observed(settings, endpoint));
             DatabaseProbe probe = new DatabaseProbe(session.database().dataSource())) {
            PartitionWorker worker = session.service().worker(threads);
            if (endpoint != null) {
                endpoint.readiness(probe::answers);
                endpoint.countWork(() -> session.service().workerOutcomes(worker.workerId()));
                endpoint.watchFleet(session.service());
            }
            Signal.handle(new Signal("TERM"), signal -> worker.stop());
            Signal.handle(new Signal("INT"), signal -> worker.stop());
            err().printf("worker %s: taking partitions under %s, %d at a time; SIGTERM stops it after the current chunks%n",
                    worker.workerId(), settings.allowedRoots(), threads);
            err().flush();
            try {
                worker.run();
            } catch (IllegalStateException e) {
                throw new UserException(ExitCodes.FAILED, e.getMessage(), e);
            }
            err().printf("worker %s: stopped%n", worker.workerId());
            err().flush();
            return ExitCodes.OK;
        }
    }

    /** Each --root as an existing folder, absolute and without links, so that paths are compared as the OS resolves them. */
    private List<Path> allowedRoots() {
        List<Path> allowed = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw UserException.usage("--root " + root + " is not a folder");
            }
            try {
                allowed.add(root.toRealPath());
            } catch (IOException e) {
                throw UserException.usage("--root " + root + ": " + e.getMessage());
            }
        }
        return allowed;
    }
}
