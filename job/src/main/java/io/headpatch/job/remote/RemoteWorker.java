package io.headpatch.job.remote;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.support.SqlLists;
import io.headpatch.job.PartitionWorker;
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
import org.springframework.messaging.support.MessageBuilder;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker process: takes partition requests from the database and runs them as worker steps,
 * {@code threads} at a time, beating in {@code hp_worker} under its own id (name plus a random id).
 * A request runs only if its step is still waiting to start, the process takes the step in the
 * same statement, and the partition lies within the worker's roots. Database errors are retried
 * with backoff, never the end of a poller. {@link #stop()} (SIGTERM) stops taking requests and
 * asks running partitions to stop after their current chunk; they end STOPPED, and a restart
 * continues them from their checkpoints.
 */
public final class RemoteWorker implements PartitionWorker {

    private static final Logger log = LoggerFactory.getLogger(RemoteWorker.class);

    /** Takes the step if it still waits to start in a running job; true again for a retry by the same process. */
    private static final String TAKE = """
            INSERT INTO hp_step_owner (step_execution_id, worker_name, worker_id)
            SELECT s.step_execution_id, ?, ? FROM batch_step_execution s
            JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
            WHERE s.step_execution_id = ? AND s.status = %s AND j.status IN (%s)
            ON CONFLICT (step_execution_id) DO UPDATE SET claimed_at = hp_step_owner.claimed_at
                WHERE hp_step_owner.worker_id = EXCLUDED.worker_id""".formatted(SqlLists.of(ExecutionStatus.STARTING),
            SqlLists.of(ExecutionStatus.STARTING, ExecutionStatus.STARTED));
    private static final String STATUS = """
            SELECT s.status || ' in a ' || j.status || ' job execution' FROM batch_step_execution s
            JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id WHERE s.step_execution_id = ?""";
    private static final long POLL_MILLIS = 1_000;

    private final String name;
    private final String workerId;
    private final int threads;
    private final Duration heartbeat;
    private final PollableChannel requests;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final RunningSteps running;
    private final WorkerRoots roots;
    private final StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Throwable fatal;
    private final DatabaseRetry retry = new DatabaseRetry(() -> stopping);

    public RemoteWorker(String name, String workerId, int threads, Duration heartbeat, PollableChannel requests,
                        JobRepository jobRepository, JdbcTemplate jdbc, Step workerStep, RunningSteps running, WorkerRoots roots) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + " must be at least 1");
        }
        this.name = name;
        this.workerId = workerId;
        this.threads = threads;
        this.heartbeat = heartbeat;
        this.requests = requests;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.running = running;
        this.roots = roots;
        handler.setJobRepository(jobRepository);
        handler.setStepLocator(stepName -> {
            if (!stepName.equals(workerStep.getName())) {
                throw new IllegalArgumentException("unknown step=" + stepName);
            }
            return workerStep;
        });
    }

    /**
     * Runs until {@link #stop()}; returns once every running partition has stopped or finished.
     *
     * @throws IllegalStateException when a poller met an error it cannot work past: the worker stops and says why
     */
    @Override
    public void run() throws InterruptedException {
        WorkerRegistration registration = new WorkerRegistration(jdbc, workerId);
        PeriodicTask beat = registration.register(name, threads, heartbeat);
        List<Thread> pollers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread poller = new Thread(this::pollUntilStopped, "worker-" + i);
            poller.start();
            pollers.add(poller);
        }
        log.info("worker {} ({}) taking partitions, {} at a time", name, workerId, threads);
        for (Thread poller : pollers) {
            poller.join();
        }
        beat.close();
        registration.markStopped();
        log.info("worker {} stopped", name);
        stopped.countDown();
        if (fatal != null) {
            throw new IllegalStateException("worker " + name + " cannot work: " + fatal, fatal);
        }
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

    @Override
    public String workerId() {
        return workerId;
    }

    private void pollUntilStopped() {
        try {
            poll();
        } catch (Throwable e) {
            // Not a database outage (those are retried): a bug or the JVM failing. Stop the whole worker, loudly.
            log.error("poller {} failed; the worker stops: {}", Thread.currentThread().getName(), e.toString(), e);
            fatal = e;
            stop();
        }
    }

    private void poll() {
        while (!stopping) {
            Message<?> message;
            try {
                message = retry.untilStopping("poll partition requests", () -> requests.receive(POLL_MILLIS));
            } catch (DatabaseRetry.Stopping e) {
                return;
            }
            if (message != null && message.getPayload() instanceof StepExecutionRequest request) {
                execute(message, request.getStepExecutionId(), request);
            }
        }
    }

    /** A request taken from the queue: run, dropped, put back, or its step failed with the reason; never left hanging. */
    private void execute(Message<?> message, long stepId, StepExecutionRequest request) {
        boolean taken;
        try {
            taken = retry.untilStopping("take step execution " + stepId, () -> jdbc.update(TAKE, name, workerId, stepId) == 1);
        } catch (DatabaseRetry.Stopping e) {
            putBack(message, stepId);
            return;
        }
        if (!taken) {
            log.info("dropping the request for step execution {}: it no longer waits to start ({})", stepId, statusQuietly(stepId));
            return;
        }
        try {
            StepExecution step = retry.untilStopping("read step execution " + stepId, () -> stepExecution(stepId));
            String refusal = retry.untilStopping("check the roots of step execution " + stepId, () -> roots.refusal(step, jdbc));
            if (refusal != null) {
                fail(step, "worker " + name + ": " + refusal + "; partition not started");
                return;
            }
            log.info("running {} (step execution {})", step.getStepName(), step.getId());
            handler.handle(request);
        } catch (DatabaseRetry.Stopping e) {
            failIfNotStarted(stepId, "worker " + name + " was stopped before the partition started");
        } catch (RuntimeException e) {
            log.warn("step execution {}: {}", stepId, e.getMessage());
            failIfNotStarted(stepId, "worker " + name + " could not start the partition: " + e.getMessage());
        }
    }

    private StepExecution stepExecution(long stepId) {
        try {
            StepExecution step = jobRepository.getStepExecution(stepId);
            if (step == null) {
                throw new IllegalStateException("no step execution " + stepId);
            }
            return step;
        } catch (EmptyResultDataAccessException e) {
            throw new IllegalStateException("no step execution " + stepId, e);
        }
    }

    /** Taken but not started, and the worker is stopping: the request goes back to the queue for another worker. */
    private void putBack(Message<?> message, long stepId) {
        try {
            requests.send(MessageBuilder.withPayload(message.getPayload()).copyHeaders(message.getHeaders()).build());
            log.info("put the request for step execution {} back: this worker is stopping", stepId);
        } catch (RuntimeException e) {
            log.error("the request for step execution {} is lost ({}); the manager's lease marks the partition FAILED"
                    + " once this worker is gone, and restart re-sends it", stepId, e.getMessage());
        }
    }

    /** A step taken but never started would look alive as long as this worker beats: fail it, retrying while the database is away. */
    private void failIfNotStarted(long stepId, String reason) {
        try {
            StepExecution step = retry.evenWhenStopping("fail step execution " + stepId, () -> stepExecution(stepId));
            if (step.getStatus() == BatchStatus.STARTING) {
                retry.evenWhenStopping("fail step execution " + stepId, () -> {
                    fail(step, reason);
                    return Boolean.TRUE;
                });
            }
        } catch (RuntimeException e) {
            log.error("cannot mark step execution {} FAILED ({}): {}; the manager's lease does once this worker is gone",
                    stepId, reason, e.getMessage());
        }
    }

    private String statusQuietly(long stepId) {
        try {
            return jdbc.queryForList(STATUS, String.class, stepId).stream().findFirst().orElse("no such step execution");
        } catch (RuntimeException e) {
            return "status unknown: " + e.getMessage();
        }
    }

    private void fail(StepExecution step, String reason) {
        log.warn("{}: {}", step.getStepName(), reason);
        step.setStartTime(LocalDateTime.now());
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
        step.setEndTime(LocalDateTime.now());
        jobRepository.update(step);
    }
}
