package io.headpatch.job.lifecycle;

import io.headpatch.job.Databases;
import io.headpatch.job.ExecutionQueries;
import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.JobLifecycle;
import io.headpatch.job.JobRequestException;
import io.headpatch.job.JobRequestException.Problem;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.ScanInputException;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.outcome.ExecutionHeartbeat;
import io.headpatch.job.outcome.ExecutionOwners;
import io.headpatch.job.outcome.UnknownStatusResolver;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.remote.WorkerLeaseMonitor;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;

/** {@link JobLifecycle} on Spring Batch's JobOperator, with the ownership checks that make restart safe after kill -9. */
public final class LifecycleService implements JobLifecycle {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job job;
    private final DataSource dataSource;
    private final Executions executions;
    private final ExecutionOwners owners;
    private final ExecutionQueries queries;
    private final WorkerLeaseMonitor leases;
    private final StopRequest stops;

    public LifecycleService(JobOperator jobOperator, JobRepository jobRepository, Job job, DataSource dataSource,
                     Executions executions, ExecutionOwners owners, ExecutionQueries queries, WorkerLeaseMonitor leases) {
        this.leases = leases;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = job;
        this.dataSource = dataSource;
        this.executions = executions;
        this.owners = owners;
        this.queries = queries;
        this.stops = new StopRequest(new JdbcTemplate(dataSource));
    }

    @Override
    public ExecutionSummary launch(LaunchRequest request, LongConsumer onStart) {
        return start(PatchJobParameters.encode(request, Instant.now()), request.threads(), onStart);
    }

    @Override
    public ExecutionSummary retry(long executionId, LongConsumer onStart) {
        JobExecution execution = executions.find(executionId);
        ExecutionSummary retried = queries.status(executionId);
        if (retried.status() == ExecutionStatus.ABANDONED) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " was ABANDONED and cannot be retried");
        }
        if (!retried.completed()) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " is " + retried.status()
                    + ", not COMPLETED; a restart runs its failed files again in the same run; use: headpatch restart " + executionId);
        }
        if (retried.failedFiles() == 0) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " COMPLETED without failed files; nothing to retry");
        }
        if (retried.retriedBy() != null) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " was already retried by execution "
                    + retried.retriedBy());
        }
        LaunchRequest launched = PatchJobParameters.decode(execution.getJobParameters()).launch();
        try (FailedFilesManifest manifest = FailedFilesManifest.of(new JdbcTemplate(dataSource), retried.jobInstanceId())) {
            ScanRequest scan = launched.scan();
            // The launch's own spec text, options and roots (paths outside them are refused as in any launch); a new run
            // id, and never incremental: each failed file is opened again.
            LaunchRequest retry = LaunchRequest.builder(launched.spec(), new ScanRequest(scan.roots(), manifest.file(),
                            scan.includes(), scan.excludes(), scan.minSize(), scan.maxSize(), scan.oneFilesystem()))
                    .partitions(launched.partitions()).threads(launched.threads()).chunk(launched.chunk()).write(launched.write())
                    .dryRun(launched.dryRun()).maxFailures(launched.maxFailures()).verify(launched.verify())
                    .build();
            return start(PatchJobParameters.encodeRetry(retry, Instant.now(), executionId), retry.threads(), onStart);
        }
    }

    private ExecutionSummary start(JobParameters parameters, int threads, LongConsumer onStart) {
        Databases.fitPool(dataSource, threads);
        JobExecution execution;
        try {
            execution = ExecutionHeartbeat.withStartCallback(onStart, () -> jobOperator.start(job, parameters));
        } catch (JobExecutionAlreadyRunningException | DuplicateKeyException e) {
            throw new JobRequestException(Problem.CONFLICT, "this job instance is already running (same spec, files and run id)"
                    + runningHint(parameters), e);
        } catch (JobInstanceAlreadyCompleteException e) {
            throw new JobRequestException(Problem.CONFLICT,
                    "this job instance already completed (same spec, files and run id); give a new --run-id to run it again", e);
        } catch (Exception e) {
            throw new JobRequestException(Problem.CONFLICT, "cannot launch: " + e.getMessage(), e);
        }
        rethrowInputError(execution);
        return queries.status(execution.getId());
    }

    /** A path outside the roots is found while scanning; it is the user's mistake, not a job failure. */
    private static void rethrowInputError(JobExecution execution) {
        execution.getStepExecutions().stream()
                .flatMap(step -> step.getFailureExceptions().stream())
                .filter(ScanInputException.class::isInstance)
                .findFirst()
                .ifPresent(e -> {
                    throw new JobRequestException(Problem.INPUT, e.getMessage() + " (execution " + execution.getId() + " FAILED)", e);
                });
    }

    @Override
    public ExecutionSummary restart(long executionId, LongConsumer onStart) {
        JobExecution execution = executions.find(executionId);
        new UnknownStatusResolver(jobRepository).resolve(execution);
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " already COMPLETED; nothing to restart"
                    + retryHint(executionId));
        }
        if (status == BatchStatus.ABANDONED) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " was ABANDONED and cannot be restarted");
        }
        JobExecution latest = jobRepository.getLastJobExecution(execution.getJobInstance());
        if (latest != null && latest.getId() != executionId) {
            if (latest.getStatus() == BatchStatus.COMPLETED) {
                throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " was already restarted as "
                        + latest.getId() + ", which COMPLETED" + retryHint(latest.getId()));
            }
            execution = latest;
            new UnknownStatusResolver(jobRepository).resolve(execution);
        }
        if (unfinished(execution)) {
            String alive = owners.liveOwner(execution.getId());
            if (alive != null) {
                throw new JobRequestException(Problem.CONFLICT, "execution " + execution.getId() + " is still running on " + alive);
            }
        }
        // A partition whose worker still beats is left alone: re-sending it would give it two writers.
        List<String> live = leases.livePartitions(execution.getId());
        if (!live.isEmpty()) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + execution.getId() + " still has partitions running: "
                    + String.join(", ", live) + "; wait for them to end (or stop those workers) and restart again");
        }
        if (unfinished(execution)) {
            execution = jobOperator.recover(execution);
        }
        // A restart runs with the launch's own threads, whatever the caller sized its pool for.
        Databases.fitPool(dataSource, PatchJobParameters.decode(execution.getJobParameters()).launch().threads());
        try {
            JobExecution recovered = execution;
            JobExecution restarted = ExecutionHeartbeat.withStartCallback(onStart, () -> jobOperator.restart(recovered));
            return queries.status(restarted.getId());
        } catch (Exception e) {
            throw new JobRequestException(Problem.CONFLICT, "cannot restart execution " + executionId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop(long executionId) {
        JobExecution execution = executions.find(executionId);
        if (!execution.getStatus().isRunning()) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " is not running (" + execution.getStatus() + ")");
        }
        if (!stops.send(executionId)) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " is already stopping or has ended ("
                    + executions.find(executionId).getStatus() + ")");
        }
    }

    @Override
    public ExecutionSummary abandon(long executionId) {
        JobExecution execution = executions.find(executionId);
        if (unfinished(execution) && owners.liveOwner(executionId) != null) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " is still running; stop it first");
        }
        if (unfinished(execution)) {
            execution = jobOperator.recover(execution);
        }
        try {
            jobOperator.abandon(execution);
        } catch (Exception e) {
            throw new JobRequestException(Problem.CONFLICT, "cannot abandon execution " + executionId + ": " + e.getMessage(), e);
        }
        return queries.status(executionId);
    }

    /**
     * Not ended: a process that quit (or died) while stopping leaves its job STOPPING (or STOPPED without an end time,
     * as Spring Batch 6's own stop marked it) with partition steps still STARTED, which Spring Batch's launcher takes
     * for a running execution. Such an execution is recovered (its steps FAILED) once no owner beats.
     */
    private static boolean unfinished(JobExecution execution) {
        return execution.getEndTime() == null || execution.getStatus().isRunning()
                || execution.getStepExecutions().stream().anyMatch(step -> step.getStatus().isRunning());
    }

    /** A COMPLETED run's failed files are run again by a new launch, never by a restart of its instance. */
    private String retryHint(long completedExecutionId) {
        long failed = queries.status(completedExecutionId).failedFiles();
        return failed == 0 ? "" : " (its failed files=" + failed + " run again as a new launch; use: headpatch retry "
                + completedExecutionId + ")";
    }

    private String runningHint(JobParameters parameters) {
        JobExecution last = jobRepository.getLastJobExecution(job.getName(), parameters);
        return last == null ? "" : ": execution " + last.getId() + " (if its process died, `restart " + last.getId() + "`)";
    }
}
