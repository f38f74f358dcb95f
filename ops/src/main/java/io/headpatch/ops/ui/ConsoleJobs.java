package io.headpatch.ops.ui;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.CheckProgress;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;

import javax.sql.DataSource;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Every call the console makes into the job module, in one place: the same service calls the
 * commands make (launch, restart, retry, stop, abandon, verify, rollback,
 * status). A local service runs
 * partitions on this process's threads; a remote one, made at the first {@code --remote} launch,
 * sends them to workers.
 */
public final class ConsoleJobs implements AutoCloseable {

    private final Function<PatchJobSettings, PatchJobService> services;
    private final PatchJobService local;
    private PatchJobService remote;

    public ConsoleJobs(DataSource dataSource) {
        this(settings -> new PatchJobService(dataSource, settings));
    }

    /** @param services makes the service of given settings (tests make ones that inject failures) */
    ConsoleJobs(Function<PatchJobSettings, PatchJobService> services) {
        this.services = services;
        this.local = services.apply(PatchJobSettings.local());
    }

    ExecutionSummary status(long executionId) {
        return local.status(executionId);
    }

    LaunchRequest launched(long executionId) {
        return local.launched(executionId);
    }

    ExecutionSummary launch(LaunchRequest request, PatchJobSettings settings, LongConsumer onStart) {
        return service(settings).launch(request, onStart);
    }

    ExecutionSummary restart(long executionId, LongConsumer onStart) {
        return local.restart(executionId, onStart);
    }

    ExecutionSummary retry(long executionId, LongConsumer onStart) {
        return local.retry(executionId, onStart);
    }

    void stop(long executionId) {
        local.stop(executionId);
    }

    ExecutionSummary abandon(long executionId) {
        return local.abandon(executionId);
    }

    long journaledFiles(long executionId) {
        return local.journaledFiles(executionId);
    }

    Map<CheckOutcome, Long> verify(long executionId, CheckProgress progress) {
        return local.verify(executionId, progress);
    }

    Map<CheckOutcome, Long> rollback(long executionId, WriteOptions options, CheckProgress progress) {
        return local.rollback(executionId, options, progress);
    }

    private synchronized PatchJobService service(PatchJobSettings settings) {
        if (!settings.remote()) {
            return local;
        }
        if (remote == null) {
            remote = services.apply(settings);
        }
        return remote;
    }

    @Override
    public synchronized void close() {
        try {
            local.close();
        } finally {
            if (remote != null) {
                remote.close();
                remote = null;
            }
        }
    }
}
