package io.headpatch.job.patch;

import io.headpatch.job.support.HostIdentity;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records which host and process runs each partition, for status and reports. */
public class PartitionOwnerListener implements StepExecutionListener {

    private static final String OWN = "UPDATE hp_partition SET host = ? WHERE manifest_id = ? AND partition_name = ?";

    private final JdbcTemplate jdbc;

    public PartitionOwnerListener(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        var context = stepExecution.getExecutionContext();
        jdbc.update(OWN, HostIdentity.worker(), context.getLong(FileIdRangePartitioner.MANIFEST_ID),
                context.getString(FileIdRangePartitioner.PARTITION_NAME));
    }
}
