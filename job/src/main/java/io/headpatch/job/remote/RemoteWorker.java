package io.headpatch.job.remote;

import io.headpatch.job.PartitionWorker;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.partition.PartitionOwnerListener;
import io.headpatch.job.support.HostIdentity;
import io.headpatch.job.support.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker process: takes partition requests from the database and runs them as worker steps,
 * {@code threads} at a time, beating in {@code hp_worker}. {@link #stop()} (SIGTERM) stops taking
 * requests and asks running partitions to stop after their current chunk; they end STOPPED, and a
 * restart continues them from their checkpoints.
 */
public final class RemoteWorker implements PartitionWorker {

    private static final Logger log = LoggerFactory.getLogger(RemoteWorker.class);

    private static final String REGISTER = """
            INSERT INTO hp_worker (worker_name, host, pid, threads) VALUES (?, ?, ?, ?)
            ON CONFLICT (worker_name) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, threads = EXCLUDED.threads,
                started_at = LOCALTIMESTAMP, heartbeat_at = LOCALTIMESTAMP, stopped_at = NULL""";
    private static final String BEAT = "UPDATE hp_worker SET heartbeat_at = LOCALTIMESTAMP WHERE worker_name = ?";
    private static final String STOPPED = "UPDATE hp_worker SET stopped_at = LOCALTIMESTAMP WHERE worker_name = ?";
    private static final long POLL_MILLIS = 1_000;

    private final String name;
    private final int threads;
    private final Duration heartbeat;
    private final PollableChannel requests;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final RunningSteps running;
    private final StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    public RemoteWorker(String name, int threads, Duration heartbeat, PollableChannel requests, JobRepository jobRepository,
                        JdbcTemplate jdbc, Step workerStep, RunningSteps running) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + " must be at least 1");
        }
        this.name = name;
        this.threads = threads;
        this.heartbeat = heartbeat;
        this.requests = requests;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.running = running;
        handler.setJobRepository(jobRepository);
        handler.setStepLocator(stepName -> {
            if (!stepName.equals(workerStep.getName())) {
                throw new IllegalArgumentException("unknown step=" + stepName);
            }
            return workerStep;
        });
    }

    @Override
    public void run() throws InterruptedException {
        jdbc.update(REGISTER, name, HostIdentity.host(), HostIdentity.pid(), threads);
        PeriodicTask beat = PeriodicTask.now("worker-heartbeat", heartbeat, () -> jdbc.update(BEAT, name));
        List<Thread> pollers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread poller = new Thread(this::poll, "worker-" + i);
            poller.start();
            pollers.add(poller);
        }
        log.info("worker {} taking partitions, {} at a time", name, threads);
        for (Thread poller : pollers) {
            poller.join();
        }
        beat.close();
        jdbc.update(STOPPED, name);
        log.info("worker {} stopped", name);
        stopped.countDown();
    }

    @Override
    public void stop() {
        stopping = true;
        running.stopAll();
    }

    @Override
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        while (!stopping) {
            Message<?> message;
            try {
                message = requests.receive(POLL_MILLIS);
            } catch (RuntimeException e) {
                log.warn("cannot poll partition requests: {}", e.getMessage());
                sleepQuietly();
                continue;
            }
            if (message != null && message.getPayload() instanceof StepExecutionRequest request) {
                execute(request);
            }
        }
    }

    private void execute(StepExecutionRequest request) {
        PartitionOwnerListener.claimStep(jdbc, request.getStepExecutionId(), name);
        StepExecution step;
        try {
            step = jobRepository.getStepExecution(request.getStepExecutionId());
        } catch (EmptyResultDataAccessException e) {
            step = null;
        }
        if (step == null) {
            log.warn("partition request for unknown step execution {}", request.getStepExecutionId());
            return;
        }
        String unseen = unseenRoot(step);
        if (unseen != null) {
            fail(step, "worker " + name + " cannot see " + unseen + "; partition not started");
            return;
        }
        log.info("running {} (step execution {})", step.getStepName(), step.getId());
        handler.handle(request);
    }

    /** A partition is never "completed" by a worker that cannot see its files. */
    private static String unseenRoot(StepExecution step) {
        ScanRequest scan = PatchJobParameters.decode(step.getJobParameters()).scan();
        List<Path> required = !scan.roots().isEmpty() ? scan.roots()
                : scan.manifest() != null ? List.of(scan.manifest().getParent()) : List.of();
        return required.stream().filter(r -> !Files.isDirectory(r)).map(r -> "root " + r).findFirst().orElse(null);
    }

    private void fail(StepExecution step, String reason) {
        log.warn("{}: {}", step.getStepName(), reason);
        step.setStartTime(LocalDateTime.now());
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
        step.setEndTime(LocalDateTime.now());
        jobRepository.update(step);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
