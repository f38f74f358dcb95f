package io.headpatch.job.partition;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition as its step execution context carries it: the manifest, the partition's name and
 * its id range. {@link #toContext()} and {@link #of} are the only code that knows the context keys,
 * which live in existing job repositories: never rename one.
 */
public record PartitionRange(long manifestId, String name, long firstFileId, long lastFileId) {

    private static final String MANIFEST_ID = "manifestId";
    private static final String FIRST_FILE_ID = "firstFileId";
    private static final String LAST_FILE_ID = "lastFileId";
    private static final String PARTITION_NAME = "partitionName";

    public static PartitionRange of(StepExecution stepExecution) {
        return of(stepExecution.getExecutionContext());
    }

    public static PartitionRange of(ExecutionContext context) {
        return new PartitionRange(context.getLong(MANIFEST_ID), context.getString(PARTITION_NAME),
                context.getLong(FIRST_FILE_ID), context.getLong(LAST_FILE_ID));
    }

    ExecutionContext toContext() {
        ExecutionContext context = new ExecutionContext();
        context.putLong(MANIFEST_ID, manifestId);
        context.putLong(FIRST_FILE_ID, firstFileId);
        context.putLong(LAST_FILE_ID, lastFileId);
        context.putString(PARTITION_NAME, name);
        return context;
    }
}
