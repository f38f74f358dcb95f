package io.headpatch.job;

import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.config.HeadpatchJobConfiguration;
import io.headpatch.job.config.JobApiConfiguration;
import io.headpatch.job.config.RemotePartitioningConfiguration;
import io.headpatch.job.lifecycle.Executions;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.remote.QueuedPartitions;
import io.headpatch.job.remote.RemoteWorkerFactory;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;
import io.micrometer.observation.ObservationRegistry;
import io.headpatch.job.report.SummaryQueries;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The job over a migrated PostgreSQL database: opens the Spring context once, at the first call that needs it, and
 * offers the API by concern ({@link JobLifecycle}, {@link ExecutionQueries}, {@link JournalChecks},
 * {@link JobRetention}; it implements each by handing the call to the context's implementation) and remote workers.
 * Closing it closes the context, never the caller's pool.
 */
public final class PatchJobService implements JobLifecycle, ExecutionQueries, JournalChecks, JobRetention, AutoCloseable {

    private final DataSource dataSource;
    private final ChunkHook hook;
    private final PatchJobSettings settings;
    /** Needs no Spring context: {@code status} and {@code report} pay none (about 0.6 s of a command's start). */
    private final ExecutionQueries queries;
    /** Made at the first call that needs the job; null until then. */
    private AnnotationConfigApplicationContext context;
    private boolean closed;

    public PatchJobService(DataSource dataSource) {
        this(dataSource, PatchJobSettings.local());
    }

    public PatchJobService(DataSource dataSource, PatchJobSettings settings) {
        this(dataSource, ChunkHook.NONE, settings);
    }

    /**
     * With a hook at the crash protocol's points: for the tests that crash or pause a chunk there (job's test fixture
     * {@code io.headpatch.job.test.HookedJobs}); ops and perf cannot name the hook's type (ArchitectureTest).
     */
    public PatchJobService(DataSource dataSource, ChunkHook hook, PatchJobSettings settings) {
        this.dataSource = dataSource;
        this.hook = hook;
        this.settings = settings;
        this.queries = new SummaryQueries(new JdbcTemplate(dataSource));
    }

    /** The job's Spring context, made on first use. */
    private synchronized AnnotationConfigApplicationContext context() {
        if (closed) {
            throw new IllegalStateException("closed: " + settings);
        }
        if (context == null) {
            AnnotationConfigApplicationContext made = new AnnotationConfigApplicationContext();
            made.registerBean(PatchJobSettings.class, () -> settings);
            made.registerBean(ObservationRegistry.class, settings::observations);
            // Wrapped so that closing this service's context never closes the caller's pool.
            made.registerBean("dataSource", DataSource.class, () -> new DelegatingDataSource(dataSource));
            made.registerBean(ChunkHook.class, () -> hook);
            if (settings.remote()) {
                made.getEnvironment().setActiveProfiles(RemotePartitioningConfiguration.PROFILE);
            }
            made.register(HeadpatchJobConfiguration.class, JobApiConfiguration.class);
            made.refresh();
            context = made;
        }
        return context;
    }

    private JobLifecycle lifecycle() {
        return context().getBean(JobLifecycle.class);
    }

    private JournalChecks checks() {
        return context().getBean(JournalChecks.class);
    }

    /**
     * A worker process of remote partitioning, named as in this service's settings; call
     * {@link PartitionWorker#run()} to take partitions until {@link PartitionWorker#stop()}.
     */
    public PartitionWorker worker(int threads) {
        return context().getBean(RemoteWorkerFactory.class).create(threads);
    }

    /** Files by outcome name that the partitions of worker process {@code workerId} decided, for its metrics. */
    public Map<String, Long> workerOutcomes(String workerId) {
        return context().getBean(RemoteWorkerFactory.class).outcomes(workerId);
    }

    /** The partition requests of remote launches waiting for a worker, per execution, and the live workers. */
    public RemoteQueue remoteQueue() {
        return context().getBean(QueuedPartitions.class).state();
    }

    @Override
    public ExecutionSummary launch(LaunchRequest request, LongConsumer onStart) {
        return lifecycle().launch(request, onStart);
    }

    @Override
    public ExecutionSummary restart(long executionId, LongConsumer onStart) {
        return lifecycle().restart(executionId, onStart);
    }

    @Override
    public ExecutionSummary retry(long executionId, LongConsumer onStart) {
        return lifecycle().retry(executionId, onStart);
    }

    @Override
    public void stop(long executionId) {
        lifecycle().stop(executionId);
    }

    @Override
    public ExecutionSummary abandon(long executionId) {
        return lifecycle().abandon(executionId);
    }

    @Override
    public ExecutionSummary status(long executionId) {
        return queries.status(executionId);
    }

    @Override
    public List<ExecutionSummary> recent(int limit) {
        return queries.recent(limit);
    }

    /**
     * What the execution was launched with (spec, roots or manifest, filters, options), from its job parameters.
     *
     * @throws JobRequestException NOT_FOUND naming the id
     */
    public LaunchRequest launched(long executionId) {
        return PatchJobParameters.decode(context().getBean(Executions.class).find(executionId).getJobParameters()).launch();
    }

    @Override
    public long journaledFiles(long executionId) {
        return checks().journaledFiles(executionId);
    }

    @Override
    public Map<CheckOutcome, Long> verify(long executionId, CheckProgress progress) {
        return checks().verify(executionId, progress);
    }

    @Override
    public Map<CheckOutcome, Long> rollback(long executionId, WriteOptions options, CheckProgress progress) {
        return checks().rollback(executionId, options, progress);
    }

    @Override
    public PruneResult prune(PruneRequest request) {
        return context().getBean(JobRetention.class).prune(request);
    }

    /** Closes the context if one was made; safe to call twice. */
    @Override
    public synchronized void close() {
        closed = true;
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
