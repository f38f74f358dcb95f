package io.headpatch.ops.command;

import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.UserException;
import io.headpatch.ops.progress.RemoteWaitNotice;
import picocli.CommandLine.Option;

import java.time.Duration;

/** How a manager runs partitions: on its own threads (default) or on worker processes ({@code --remote}). */
public final class RemoteOptions {

    @Option(names = "--remote", description = "send the partitions to `headpatch worker` processes through the database"
            + " instead of running them on local threads")
    boolean remote;

    @Option(names = "--lease", paramLabel = "SECONDS",
            description = "with --remote: a worker silent this long has its partitions marked FAILED (default: ${DEFAULT-VALUE})")
    long leaseSeconds = PatchJobSettings.DEFAULT_LEASE.toSeconds();

    @Option(names = "--remote-timeout", paramLabel = "SECONDS",
            description = "with --remote: the longest the manager waits for its partitions (default: ${DEFAULT-VALUE})")
    long timeoutSeconds = PatchJobSettings.DEFAULT_REMOTE_TIMEOUT.toSeconds();

    /** {@code run}, told when it is remote and its partitions wait with no live worker to take them. */
    ExecutionOutput.Run watched(CliCommand command, PatchJobService service, ExecutionOutput.Run run) {
        if (!remote) {
            return run;
        }
        return onStart -> {
            try (RemoteWaitNotice notice = new RemoteWaitNotice(service, Duration.ofSeconds(leaseSeconds), command.err(),
                    "headpatch " + command.root().databaseOptions())) {
                return run.run(id -> {
                    onStart.accept(id);
                    notice.watch(id);
                });
            }
        };
    }

    PatchJobSettings settings() {
        if (!remote) {
            return PatchJobSettings.local();
        }
        if (leaseSeconds < 1 || timeoutSeconds < 1) {
            throw UserException.usage("--lease and --remote-timeout must be at least 1 second");
        }
        return PatchJobSettings.remoteManager(Duration.ofSeconds(leaseSeconds), Duration.ofSeconds(timeoutSeconds));
    }
}
