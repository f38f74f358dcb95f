package io.headpatch.job.config;

import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.remote.LeasedPartitionHandler;
import io.headpatch.job.remote.PartitionTransport;
import io.headpatch.job.remote.QueuedPartitions;
import io.headpatch.job.remote.RemoteWorkerFactory;
import io.headpatch.job.remote.RunningSteps;
import io.headpatch.job.remote.WorkerLeaseMonitor;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The partitions sent to worker processes through the database: the request queue and the workers that take from it
 * (in every process), and the manager's partition handler (only where {@link #PROFILE} is active, which
 * {@link PatchJobSettings#remote()} turns on).
 */
@Configuration(proxyBeanMethods = false)
public class RemotePartitioningConfiguration {

    /** Active when this process sends its partitions to workers; otherwise they run on local threads. */
    public static final String PROFILE = "remote-partitioning";
    private static final long REMOTE_POLL_MILLIS = 1_000;

    /** The database-backed queue of partition requests. */
    @Bean
    public QueueChannel partitionRequests(DataSource dataSource) {
        return PartitionTransport.requests(dataSource);
    }

    /** The requests still queued: what the manager withdraws when stopped, and what metrics show as waiting. */
    @Bean
    public QueuedPartitions queuedPartitions(PatchJobSettings settings, JdbcTemplate jdbc, JobRepository jobRepository) {
        return new QueuedPartitions(jdbc, jobRepository, new WorkerLeaseMonitor(jdbc, jobRepository, settings.lease()));
    }

    @Bean
    public RemoteWorkerFactory remoteWorkerFactory(PatchJobSettings settings, QueueChannel partitionRequests,
                                                   JobRepository jobRepository, JdbcTemplate jdbc, Step patchWorkerStep,
                                                   RunningSteps runningSteps) {
        return new RemoteWorkerFactory(settings, partitionRequests, jobRepository, jdbc, patchWorkerStep, runningSteps);
    }

    /** Partitions are a launch option, so it is built per job execution. */
    @Bean
    @JobScope
    @Profile(PROFILE)
    public PartitionHandler remotePartitionHandler(PatchJobSettings settings, JobRepository jobRepository,
                                                   QueueChannel partitionRequests, JdbcTemplate jdbc,
                                                   QueuedPartitions queuedPartitions, PatchJobParameters parameters)
            throws Exception {
        MessageChannelPartitionHandler remote = new MessageChannelPartitionHandler();
        remote.setStepName(HeadpatchJobConfiguration.PATCH_WORKER_STEP);
        remote.setGridSize(parameters.launch().partitions());
        remote.setJobRepository(jobRepository);
        remote.setPollInterval(REMOTE_POLL_MILLIS);
        remote.setTimeout(settings.remoteTimeout().toMillis());
        remote.setMessagingOperations(new MessagingTemplate(partitionRequests));
        remote.afterPropertiesSet();
        return new LeasedPartitionHandler(remote, new WorkerLeaseMonitor(jdbc, jobRepository, settings.lease()),
                queuedPartitions, Duration.ofMillis(REMOTE_POLL_MILLIS));
    }
}
