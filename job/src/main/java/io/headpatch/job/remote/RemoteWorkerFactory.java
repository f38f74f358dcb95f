package io.headpatch.job.remote;

import io.headpatch.job.PartitionWorker;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.outcome.ExecutionHeartbeat;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

/** Makes the worker processes of remote partitioning, named as in the process's settings, over the context's worker step. */
public final class RemoteWorkerFactory {

    private final PatchJobSettings settings;
    private final QueueChannel requests;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final Step workerStep;
    private final RunningSteps runningSteps;

    public RemoteWorkerFactory(PatchJobSettings settings, QueueChannel requests, JobRepository jobRepository, JdbcTemplate jdbc,
                               Step workerStep, RunningSteps runningSteps) {
        this.settings = settings;
        this.requests = requests;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.workerStep = workerStep;
        this.runningSteps = runningSteps;
    }

    /** Files by outcome name that the partitions of worker process {@code workerId} decided (none decided: absent). */
    public Map<String, Long> outcomes(String workerId) {
        return new WorkerRegistration(jdbc, workerId).outcomes();
    }

    /** A worker taking up to {@code threads} partitions at once, confined to the settings' allowed roots. */
    public PartitionWorker create(int threads) {
        return new RemoteWorker(settings.workerName(), settings.workerId(), threads, ExecutionHeartbeat.INTERVAL, requests,
                jobRepository, jdbc, workerStep, runningSteps, new WorkerRoots(settings.allowedRoots()));
    }
}
