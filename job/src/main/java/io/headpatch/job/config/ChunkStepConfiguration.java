package io.headpatch.job.config;

import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.chunk.CrashProtocolWriter;
import io.headpatch.job.chunk.FileIdKeysetReader;
import io.headpatch.job.chunk.ManifestRoots;
import io.headpatch.job.chunk.PatchPlanProcessor;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.partition.PartitionRange;
import io.headpatch.job.remote.PartitionClaim;
import io.headpatch.worker.plan.PatchPlanner;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.repeat.policy.SimpleCompletionPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The parts of one partition's chunk, built per partition (step scope): read file rows → plan → crash-protocol write. */
@Configuration(proxyBeanMethods = false)
public class ChunkStepConfiguration {

    @Bean
    @StepScope
    public SimpleCompletionPolicy chunkPolicy(PatchJobParameters parameters) {
        return new SimpleCompletionPolicy(parameters.launch().chunk());
    }

    @Bean
    @StepScope
    public FileIdKeysetReader fileReader(JdbcTemplate jdbc, @Value("#{stepExecution}") StepExecution stepExecution,
                                         PatchJobParameters parameters) {
        PartitionRange range = PartitionRange.of(stepExecution);
        return new FileIdKeysetReader(jdbc, range.manifestId(), range.firstFileId(), range.lastFileId(), parameters.launch().chunk());
    }

    @Bean
    @StepScope
    public PatchPlanProcessor planProcessor(JdbcTemplate jdbc, @Value("#{stepExecution}") StepExecution stepExecution,
                                            PatchJobParameters parameters) {
        return new PatchPlanProcessor(new PatchPlanner(parameters.spec(), parameters.jobTimestamp(), parameters.launch().allowHardLinks()),
                ManifestRoots.of(jdbc, PartitionRange.of(stepExecution).manifestId()), parameters.dryRun());
    }

    @Bean
    @StepScope
    public CrashProtocolWriter crashProtocolWriter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                                   @Value("#{stepExecution}") StepExecution stepExecution,
                                                   PatchJobParameters parameters, PatchPlanProcessor planProcessor,
                                                   PartitionClaim partitionClaim, ObjectProvider<ChunkHook> hook) {
        PartitionRange range = PartitionRange.of(stepExecution);
        // The step's own processor's planner: the spec is parsed once per partition.
        CrashProtocolWriter writer = new CrashProtocolWriter(jdbc, transactionManager, planProcessor.planner(), parameters.launch().write(),
                parameters.dryRun(), range.manifestId(), stepExecution.getJobExecutionId(), range.name(),
                hook.getIfAvailable(() -> ChunkHook.NONE));
        writer.setFence(partitionClaim);
        return writer;
    }
}
