package io.headpatch.job.remote;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.RemoteQueue;
import io.headpatch.job.support.SqlLists;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.integration.jdbc.store.channel.MessageRowMapper;
import org.springframework.integration.support.converter.AllowListDeserializingConverter;
import org.springframework.integration.util.UUIDConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.messaging.Message;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The partition requests still in the queue table, by job execution (a request's row holds only the serialized
 * message, so each is read back to find its execution), and their withdrawal when a launch is stopped: a launch
 * stopped before a worker took its partitions deletes their requests, so no worker starts them later, and marks
 * their steps STOPPED, so the manager stops waiting for them and a restart sends them again.
 */
public final class QueuedPartitions {

    private static final Logger log = LoggerFactory.getLogger(QueuedPartitions.class);

    private static final String QUEUED = """
            SELECT MESSAGE_ID, MESSAGE_CONTENT FROM INT_CHANNEL_MESSAGE WHERE REGION = ? AND GROUP_KEY = ?""";
    private static final String WITHDRAW = "DELETE FROM INT_CHANNEL_MESSAGE WHERE REGION = ? AND GROUP_KEY = ? AND MESSAGE_ID = ?";
    /** A stop marks the job STOPPING while its manager still waits (Spring Batch 6's own stop marked it STOPPED at once). */
    private static final String STOPPING = "SELECT COUNT(*) FROM batch_job_execution WHERE job_execution_id = ? AND status IN (%s)"
            .formatted(SqlLists.of(ExecutionStatus.STOPPING, ExecutionStatus.STOPPED));
    private static final String JOB_EXECUTIONS = """
            SELECT step_execution_id, job_execution_id FROM batch_step_execution WHERE step_execution_id = ANY (?)""";
    /** Steps no worker took: no owner yet, still waiting to start. */
    private static final String UNTAKEN = """
            SELECT s.step_execution_id FROM batch_step_execution s
            WHERE s.job_execution_id = ? AND s.status = %s
              AND NOT EXISTS (SELECT 1 FROM hp_step_owner o WHERE o.step_execution_id = s.step_execution_id)"""
            .formatted(SqlLists.of(ExecutionStatus.STARTING));

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;
    private final WorkerLeaseMonitor leases;
    private final String groupKey = UUIDConverter.getUUID(PartitionTransport.GROUP).toString();
    private final MessageRowMapper messages;

    public QueuedPartitions(JdbcTemplate jdbc, JobRepository jobRepository, WorkerLeaseMonitor leases) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.leases = leases;
        AllowListDeserializingConverter deserializer = new AllowListDeserializingConverter();
        deserializer.addAllowedPatterns(PartitionTransport.ALLOWED_CLASSES);
        this.messages = new MessageRowMapper(deserializer);
    }

    /** The requests waiting per job execution, and the live workers. */
    public RemoteQueue state() {
        Map<Long, Integer> waiting = new HashMap<>();
        queued().forEach(request -> waiting.merge(request.jobExecutionId(), 1, Integer::sum));
        return new RemoteQueue(waiting, leases.liveWorkers());
    }

    /**
     * When the execution is asked to stop: deletes its queued requests and marks the steps no worker took STOPPED.
     *
     * @return how many requests were withdrawn
     */
    public int withdrawIfStopping(long jobExecutionId) {
        if (jdbc.queryForObject(STOPPING, Integer.class, jobExecutionId) == 0) {
            return 0;
        }
        int withdrawn = 0;
        for (Queued request : queued()) {
            if (request.jobExecutionId() == jobExecutionId) {
                withdrawn += jdbc.update(WITHDRAW, PartitionTransport.REGION, groupKey, request.messageId());
            }
        }
        // A request a worker took but dropped (the job was already stopping) leaves its step untaken too.
        for (Long stepId : jdbc.queryForList(UNTAKEN, Long.class, jobExecutionId)) {
            stop(jobExecutionId, stepId);
        }
        if (withdrawn > 0) {
            log.info("job execution {} is stopping: withdrew {} partition requests no worker had taken", jobExecutionId, withdrawn);
        }
        return withdrawn;
    }

    private void stop(long jobExecutionId, long stepId) {
        StepExecution step = jobRepository.getStepExecution(jobExecutionId, stepId);
        if (step == null || step.getStatus() != BatchStatus.STARTING) {
            return;
        }
        step.setStatus(BatchStatus.STOPPED);
        step.setExitStatus(ExitStatus.STOPPED.addExitDescription("stopped before a worker took it; restart sends it again"));
        step.setEndTime(LocalDateTime.now());
        try {
            jobRepository.update(step);
        } catch (OptimisticLockingFailureException e) {
            // A worker took and started it meanwhile: it stops at its next chunk like any running partition.
        }
    }

    /** Each queued request with its step's job execution (a request names only its step). */
    private List<Queued> queued() {
        Map<String, Long> steps = new HashMap<>();
        jdbc.query(QUEUED, (RowCallbackHandler) rs -> {
            Message<?> message = messages.mapRow(rs, rs.getRow());
            if (message != null && message.getPayload() instanceof StepExecutionRequest request) {
                steps.put(rs.getString("MESSAGE_ID"), request.getStepExecutionId());
            }
        }, PartitionTransport.REGION, groupKey);
        if (steps.isEmpty()) {
            return List.of();
        }
        Map<Long, Long> jobs = new HashMap<>();
        jdbc.query(JOB_EXECUTIONS, (RowCallbackHandler) rs -> jobs.put(rs.getLong(1), rs.getLong(2)),
                (Object) steps.values().toArray(Long[]::new));
        return steps.entrySet().stream().filter(e -> jobs.containsKey(e.getValue()))
                .map(e -> new Queued(e.getKey(), jobs.get(e.getValue()))).toList();
    }

    private record Queued(String messageId, long jobExecutionId) {
    }
}
