package io.headpatch.job;

import io.headpatch.job.JobRequestException.Problem;
import io.headpatch.job.patch.ChunkHook;
import io.headpatch.job.patch.ManifestRecord;
import io.headpatch.job.remote.RemoteWorker;
import io.headpatch.job.remote.RunningSteps;
import io.headpatch.job.scan.ScanInputException;
import io.headpatch.job.support.ExecutionHeartbeat;
import io.headpatch.job.support.ExecutionOwners;
import io.headpatch.job.support.UnknownStatusResolver;
import io.headpatch.job.verify.CheckProgress;
import io.headpatch.job.verify.JournalChecks;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.plan.Outcome;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * The job layer's API for the command line: launch, restart, stop, abandon and status of patch
 * jobs, over a migrated PostgreSQL database. Launch and restart run in the calling thread.
 */
public final class PatchJobService implements AutoCloseable {

    private static final String SUMMARY = "SELECT * FROM hp_job_summary WHERE job_execution_id = ?";
    private static final String RECENT = "SELECT job_execution_id FROM batch_job_execution ORDER BY job_execution_id DESC LIMIT ?";
    private static final String PARTITIONS = """
            SELECT COUNT(*) AS total,
                   COUNT(*) FILTER (WHERE status = 'COMPLETED') AS completed,
                   COUNT(*) FILTER (WHERE status IN ('FAILED', 'STOPPED', 'ABANDONED')) AS failed
            FROM hp_partition_progress WHERE job_instance_id = ?""";

    private final AnnotationConfigApplicationContext context;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job job;
    private final JdbcTemplate jdbc;
    private final ExecutionOwners owners;
    private final PatchJobSettings settings;

    public PatchJobService(DataSource dataSource) {
        this(dataSource, ChunkHook.NONE);
    }

    public PatchJobService(DataSource dataSource, ChunkHook hook) {
        this(dataSource, hook, PatchJobSettings.local());
    }

    public PatchJobService(DataSource dataSource, PatchJobSettings settings) {
        this(dataSource, ChunkHook.NONE, settings);
    }

    public PatchJobService(DataSource dataSource, ChunkHook hook, PatchJobSettings settings) {
        this.settings = settings;
        context = new AnnotationConfigApplicationContext();
        context.registerBean(PatchJobSettings.class, () -> settings);
        context.registerBean(ObservationRegistry.class, settings::observations);
        // Wrapped so that closing this service's context never closes the caller's pool.
        context.registerBean("dataSource", DataSource.class, () -> new DelegatingDataSource(dataSource));
        context.registerBean(ChunkHook.class, () -> hook);
        context.register(HeadpatchJobConfiguration.class);
        context.refresh();
        jobOperator = context.getBean(JobOperator.class);
        jobRepository = context.getBean(JobRepository.class);
        job = context.getBean(Job.class);
        jdbc = context.getBean(JdbcTemplate.class);
        owners = new ExecutionOwners(jdbc);
    }

    /**
     * A worker process of remote partitioning, named as in this service's settings; call
     * {@link RemoteWorker#run()} to take partitions until {@link RemoteWorker#stop()}.
     */
    public RemoteWorker worker(int threads) {
        return new RemoteWorker(settings.workerName(), threads, ExecutionHeartbeat.INTERVAL, context.getBean(QueueChannel.class),
                jobRepository, jdbc, context.getBean("patchWorkerStep", Step.class),
                context.getBean(RunningSteps.class));
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Runs a new job instance to its end (COMPLETED or FAILED) and summarizes it. */
    public ExecutionSummary launch(LaunchRequest request) {
        return launch(request, id -> { });
    }

    /** As {@link #launch(LaunchRequest)}, telling {@code onStart} the execution id as soon as it exists (for progress). */
    public ExecutionSummary launch(LaunchRequest request, LongConsumer onStart) {
        try {
            request.scan().validate();
        } catch (RuntimeException e) {
            throw new JobRequestException(Problem.INPUT, e.getMessage(), e);
        }
        JobParameters parameters = parameters(request);
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
        return status(execution.getId());
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

    /**
     * Restarts a FAILED or STOPPED execution's instance; one left STARTED by a dead process is
     * recovered first. Only the partitions that did not complete run, from their checkpoints.
     */
    public ExecutionSummary restart(long executionId) {
        return restart(executionId, id -> { });
    }

    /** As {@link #restart(long)}, telling {@code onStart} the new execution id as soon as it exists. */
    public ExecutionSummary restart(long executionId, LongConsumer onStart) {
        JobExecution execution = execution(executionId);
        new UnknownStatusResolver(jobRepository).resolve(execution);
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " already COMPLETED; nothing to restart");
        }
        if (status == BatchStatus.ABANDONED) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " was ABANDONED and cannot be restarted");
        }
        JobExecution latest = jobRepository.getLastJobExecution(execution.getJobInstance());
        if (latest != null && latest.getId() != executionId) {
            if (latest.getStatus() == BatchStatus.COMPLETED) {
                throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " was already restarted as "
                        + latest.getId() + ", which COMPLETED");
            }
            execution = latest;
            new UnknownStatusResolver(jobRepository).resolve(execution);
        }
        if (execution.getStatus().isRunning()) {
            String alive = owners.liveOwner(execution.getId());
            if (alive != null) {
                throw new JobRequestException(Problem.CONFLICT, "execution " + execution.getId() + " is still running on " + alive);
            }
            execution = jobOperator.recover(execution);
        }
        try {
            JobExecution recovered = execution;
            JobExecution restarted = ExecutionHeartbeat.withStartCallback(onStart, () -> jobOperator.restart(recovered));
            return status(restarted.getId());
        } catch (Exception e) {
            throw new JobRequestException(Problem.CONFLICT, "cannot restart execution " + executionId + ": " + e.getMessage(), e);
        }
    }

    /** Asks a running execution to stop after its current chunks; returns at once. */
    public void stop(long executionId) {
        JobExecution execution = execution(executionId);
        if (!execution.getStatus().isRunning()) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " is not running (" + execution.getStatus() + ")");
        }
        try {
            jobOperator.stop(execution);
        } catch (Exception e) {
            throw new JobRequestException(Problem.CONFLICT, "cannot stop execution " + executionId + ": " + e.getMessage(), e);
        }
    }

    /** Marks a stopped or failed execution ABANDONED so it is never restarted. */
    public ExecutionSummary abandon(long executionId) {
        JobExecution execution = execution(executionId);
        if (execution.getStatus().isRunning() && owners.liveOwner(executionId) != null) {
            throw new JobRequestException(Problem.CONFLICT, "execution " + executionId + " is still running; stop it first");
        }
        if (execution.getStatus().isRunning()) {
            execution = jobOperator.recover(execution);
        }
        try {
            jobOperator.abandon(execution);
        } catch (Exception e) {
            throw new JobRequestException(Problem.CONFLICT, "cannot abandon execution " + executionId + ": " + e.getMessage(), e);
        }
        return status(executionId);
    }

    /** Re-reads every file the execution's instance wrote and compares it with its journaled after-image. */
    public Map<CheckOutcome, Long> verify(long executionId, CheckProgress progress) {
        return new JournalChecks(jdbc).verify(manifestId(executionId), progress);
    }

    /** Restores the journaled originals of the execution's instance where headers are still ours. */
    public Map<CheckOutcome, Long> rollback(long executionId, WriteOptions options, CheckProgress progress) {
        return new JournalChecks(jdbc).rollback(manifestId(executionId), options, progress);
    }

    /** Files that verify and rollback will check, for progress totals. */
    public long journaledFiles(long executionId) {
        return new JournalChecks(jdbc).count(manifestId(executionId));
    }

    private long manifestId(long executionId) {
        ManifestRecord manifest = ManifestRecord.of(jdbc, execution(executionId).getJobInstance().getInstanceId());
        if (manifest == null) {
            throw new JobRequestException(Problem.NOT_FOUND, "execution " + executionId + " has no manifest (its scan never started)");
        }
        return manifest.manifestId();
    }

    public ExecutionSummary status(long executionId) {
        List<ExecutionSummary> found = jdbc.query(SUMMARY, (rs, i) -> {
            Map<String, Long> outcomes = new LinkedHashMap<>();
            for (Outcome outcome : Outcome.values()) {
                outcomes.put(outcome.name(), rs.getLong(outcome.name().toLowerCase()));
            }
            long instanceId = rs.getLong("job_instance_id");
            Map<String, Object> partitions = jdbc.queryForMap(PARTITIONS, instanceId);
            return new ExecutionSummary(rs.getLong("job_execution_id"), instanceId, rs.getString("status"),
                    rs.getString("exit_code"), firstLine(rs.getString("exit_message")),
                    rs.getObject("start_time", LocalDateTime.class), rs.getObject("end_time", LocalDateTime.class),
                    rs.getDouble("files_per_second"), rs.getString("spec_name"), rs.getBoolean("dry_run"),
                    rs.getLong("files_total"), rs.getLong("files_decided"), outcomes,
                    ((Number) partitions.get("total")).intValue(), ((Number) partitions.get("completed")).intValue(),
                    ((Number) partitions.get("failed")).intValue(), rs.getBoolean("incremental"),
                    (Long) rs.getObject("baseline_job_instance_id"));
        }, executionId);
        if (found.isEmpty()) {
            throw new JobRequestException(Problem.NOT_FOUND, "no job execution with id " + executionId);
        }
        return found.get(0);
    }

    /** The newest executions first. */
    public List<ExecutionSummary> recent(int limit) {
        return jdbc.queryForList(RECENT, Long.class, limit).stream().map(this::status).toList();
    }

    private JobExecution execution(long executionId) {
        JobExecution execution;
        try {
            execution = jobRepository.getJobExecution(executionId);
        } catch (EmptyResultDataAccessException e) {
            execution = null;
        }
        if (execution == null) {
            throw new JobRequestException(Problem.NOT_FOUND, "no job execution with id " + executionId);
        }
        return execution;
    }

    private String runningHint(JobParameters parameters) {
        JobExecution last = jobRepository.getLastJobExecution(HeadpatchJobConfiguration.JOB_NAME, parameters);
        return last == null ? "" : ": execution " + last.getId() + " (if its process died, `restart " + last.getId() + "`)";
    }

    static JobParameters parameters(LaunchRequest request) {
        var scan = request.scan();
        String sep = PatchJobParameters.LIST_SEPARATOR;
        String runId = request.runId() != null ? request.runId() : Instant.now().toString();
        return new JobParametersBuilder()
                .addString(PatchJobParameters.SPEC_HASH, request.spec().hash())
                .addString(PatchJobParameters.ROOTS, scan.roots().stream().map(Path::toString).collect(Collectors.joining(sep)))
                .addString(PatchJobParameters.MANIFEST, scan.manifest() == null ? "" : scan.manifest().toString())
                .addString(PatchJobParameters.INCLUDES, String.join(sep, scan.includes()))
                .addString(PatchJobParameters.EXCLUDES, String.join(sep, scan.excludes()))
                .addString(PatchJobParameters.MIN_SIZE, scan.minSize() == null ? "" : scan.minSize().toString())
                .addString(PatchJobParameters.MAX_SIZE, scan.maxSize() == null ? "" : scan.maxSize().toString())
                .addString(PatchJobParameters.ONE_FILESYSTEM, Boolean.toString(scan.oneFilesystem()))
                .addString(PatchJobParameters.DRY_RUN, Boolean.toString(request.dryRun()))
                .addString(PatchJobParameters.RUN_ID, runId)
                .addString(PatchJobParameters.SPEC_NAME, request.spec().name(), false)
                .addString(PatchJobParameters.SPEC_SOURCE, request.spec().source(), false)
                .addString(PatchJobParameters.SPEC_PARAMETERS, request.spec().parameters().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(sep)), false)
                .addString(PatchJobParameters.JOB_TIMESTAMP, Long.toString(System.currentTimeMillis()), false)
                .addString(PatchJobParameters.PARTITIONS, Integer.toString(request.partitions()), false)
                .addString(PatchJobParameters.THREADS, Integer.toString(request.threads()), false)
                .addString(PatchJobParameters.CHUNK, Integer.toString(request.chunk()), false)
                .addString(PatchJobParameters.IO_MODE, request.write().ioMode().name(), false)
                .addString(PatchJobParameters.SYNC_MODE, request.write().syncMode().name(), false)
                .addString(PatchJobParameters.SYNC_PARALLELISM, Integer.toString(request.write().syncParallelism()), false)
                .addString(PatchJobParameters.PRESERVE_MTIME, Boolean.toString(request.write().preserveMtime()), false)
                .addString(PatchJobParameters.MAX_FAILURES, request.maxFailures().toString(), false)
                .addString(PatchJobParameters.VERIFY, Boolean.toString(request.verify()), false)
                .addString(PatchJobParameters.INCREMENTAL, Boolean.toString(request.incremental()), false)
                .toJobParameters();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    @Override
    public void close() {
        context.close();
    }
}
