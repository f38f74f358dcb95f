package io.headpatch.job.config;

import io.headpatch.job.parameters.PatchJobParameters;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/** The partitions on threads of this process (unless {@link RemotePartitioningConfiguration#PROFILE} is active). */
@Configuration(proxyBeanMethods = false)
@Profile("!" + RemotePartitioningConfiguration.PROFILE)
public class LocalPartitioningConfiguration {

    /** Partitions and threads are launch options, so it is built per job execution. */
    @Bean
    @JobScope
    public PartitionHandler localPartitionHandler(Step patchWorkerStep, PatchJobParameters parameters) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("patch-");
        executor.setConcurrencyLimit(parameters.launch().threads());
        TaskExecutorPartitionHandler local = new TaskExecutorPartitionHandler();
        local.setStep(patchWorkerStep);
        local.setTaskExecutor(executor);
        local.setGridSize(parameters.launch().partitions());
        return local;
    }
}
