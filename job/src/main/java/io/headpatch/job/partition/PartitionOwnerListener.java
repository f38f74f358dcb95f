package io.headpatch.job.partition;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records which worker runs each partition, for status, reports and the remote lease monitor. */
public class PartitionOwnerListener implements StepExecutionListener {

    private static final String OWN_PARTITION = "UPDATE hp_partition SET host = ? WHERE manifest_id = ? AND partition_name = ?";
    private static final String OWN_STEP = """
            INSERT INTO hp_step_owner (step_execution_id, worker_name, worker_id) VALUES (?, ?, ?)
            ON CONFLICT (step_execution_id) DO UPDATE SET worker_name = EXCLUDED.worker_name, worker_id = EXCLUDED.worker_id,
                claimed_at = LOCALTIMESTAMP""";

    private final JdbcTemplate jdbc;
    private final String workerName;
    private final String workerId;

    public PartitionOwnerListener(JdbcTemplate jdbc, String workerName, String workerId) {
        this.jdbc = jdbc;
        this.workerName = workerName;
        this.workerId = workerId;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        PartitionRange range = PartitionRange.of(stepExecution);
        jdbc.update(OWN_PARTITION, workerName, range.manifestId(), range.name());
        jdbc.update(OWN_STEP, stepExecution.getId(), workerName, workerId);
    }
}
