package io.headpatch.job.config;

import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.chunk.CrashProtocolWriter;
import io.headpatch.job.chunk.FileIdKeysetReader;
import io.headpatch.job.chunk.PatchPlanProcessor;
import io.headpatch.job.partition.FileIdRangePartitioner;
import io.headpatch.job.chunk.FileRow;
import io.headpatch.job.scan.ManifestRecord;
import io.headpatch.job.partition.PartitionOwnerListener;
import io.headpatch.job.partition.RetryingStepExecutionSplitter;
import io.headpatch.job.chunk.PlannedFile;
import io.headpatch.job.remote.PartitionClaim;
import io.headpatch.job.remote.RunningSteps;
import io.headpatch.job.outcome.ExecutionHeartbeat;
import io.headpatch.job.outcome.UnknownStatusResolver;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.policy.SimpleCompletionPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Isolation;

import javax.sql.DataSource;

/**
 * The patch job: scan → patch (partitioned) → failure limit → verify (optional), and the worker step that
 * runs one partition. The steps around the partitions are in {@link TaskletStepsConfiguration}, the parts of a
 * partition's chunk in {@link ChunkStepConfiguration}, how partitions run in {@link LocalPartitioningConfiguration}
 * or {@link RemotePartitioningConfiguration}.
 * Expects a {@code dataSource} bean (PostgreSQL, migrated), {@link PatchJobSettings}, and optionally a {@link ChunkHook}.
 */
@Configuration(proxyBeanMethods = false)
@Import({ChunkStepConfiguration.class, TaskletStepsConfiguration.class, LocalPartitioningConfiguration.class,
        RemotePartitioningConfiguration.class})
public class HeadpatchJobConfiguration extends JdbcDefaultBatchConfiguration {

    private static final String STEP_SCOPE = "step";

    public static final String JOB_NAME = "headpatch";
    public static final String PATCH_STEP = "patch";
    /** Partitions run as "patch-worker:p0000" and so on; the reporting views match that name. */
    public static final String PATCH_WORKER_STEP = "patch-worker";

    /** SERIALIZABLE (the default) makes concurrent launches fail on PostgreSQL; the unique job key still guards duplicates. */
    @Override
    protected Isolation getIsolationLevelForCreate() {
        return Isolation.READ_COMMITTED;
    }

    /** Job, step and chunk observations (Micrometer) go where the settings say; NOOP unless metrics are asked for. */
    @Override
    protected ObservationRegistry getObservationRegistry() {
        return applicationContext.getBean(PatchJobSettings.class).observations();
    }

    @Bean
    public JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    public Job headpatchJob(JobRepository jobRepository, Step scanStep, Step patchStep, Step failureLimitStep,
                            Step verifyStep, ExecutionHeartbeat heartbeat) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(heartbeat)
                .listener(new UnknownStatusResolver(jobRepository))
                .start(scanStep)
                .next(patchStep)
                .next(failureLimitStep)
                .next(verifyStep)
                .build();
    }

    @Bean
    public ExecutionHeartbeat executionHeartbeat(JdbcTemplate jdbc) {
        return new ExecutionHeartbeat(jdbc);
    }

    /**
     * The typed job parameters, decoded once per step execution. Step scope, not job scope: Spring
     * Batch binds the job scope to the launching thread, and partitions run on other threads or in
     * worker processes; every step (tasklets and partitions alike) has its step scope. No proxy: the
     * step-scoped beans take it when created, the tasklets look it up when they run.
     */
    @Bean
    @Scope(STEP_SCOPE)
    public PatchJobParameters patchJobParameters(@Value("#{stepExecution}") StepExecution stepExecution) {
        return PatchJobParameters.decode(stepExecution.getJobParameters());
    }

    /**
     * Runs on every restart, also after it COMPLETED (a run that failed its failure limit): its splitter sends again the
     * partitions that hold failed files, and none when there are none.
     */
    @Bean
    public Step patchStep(JobRepository jobRepository, FileIdRangePartitioner partitioner,
                          PartitionHandler partitionHandler, Step patchWorkerStep, JdbcTemplate jdbc) {
        return new StepBuilder(PATCH_STEP, jobRepository)
                .partitioner(PATCH_STEP, partitioner)
                .splitter(new RetryingStepExecutionSplitter(jobRepository, PATCH_WORKER_STEP, partitioner, jdbc))
                .partitionHandler(partitionHandler)
                .step(patchWorkerStep)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    @StepScope
    public FileIdRangePartitioner partitioner(JdbcTemplate jdbc,
                                              @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") long instanceId) {
        return new FileIdRangePartitioner(jdbc, ManifestRecord.of(jdbc, instanceId).manifestId());
    }

    /**
     * The worker step. A TaskletStep ({@code chunk(policy, transactionManager)}), not 6.0's
     * ChunkOrientedStep: the latter saves the checkpoint outside the chunk transaction
     * (spring-batch#5182, #5199), and the crash protocol needs both in one commit.
     */
    @Bean
    @SuppressWarnings("removal")
    public Step patchWorkerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                FileIdKeysetReader fileReader, PatchPlanProcessor planProcessor,
                                CrashProtocolWriter crashProtocolWriter, SimpleCompletionPolicy chunkPolicy,
                                PartitionOwnerListener ownerListener, PartitionClaim partitionClaim, RunningSteps runningSteps) {
        return new StepBuilder(PATCH_WORKER_STEP, jobRepository)
                .<FileRow, PlannedFile>chunk(chunkPolicy, transactionManager)
                .reader(fileReader)
                .processor(planProcessor)
                .writer(crashProtocolWriter)
                .listener(ownerListener)
                .listener(partitionClaim)
                .listener(runningSteps)
                .build();
    }

    @Bean
    public PartitionOwnerListener partitionOwnerListener(JdbcTemplate jdbc, PatchJobSettings settings) {
        return new PartitionOwnerListener(jdbc, settings.workerName(), settings.workerId());
    }

    /** The partition's fencing token, claimed at step start and confirmed by every chunk that writes. */
    @Bean
    @StepScope
    public PartitionClaim partitionClaim(JdbcTemplate jdbc, PatchJobSettings settings) {
        return new PartitionClaim(jdbc, settings.workerId(), settings.lease());
    }

    @Bean
    public RunningSteps runningSteps() {
        return new RunningSteps();
    }
}
