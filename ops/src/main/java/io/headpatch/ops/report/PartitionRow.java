package io.headpatch.ops.report;

import java.time.OffsetDateTime;

/** One partition of an instance as {@code hp_partition_progress} shows it; times with their UTC offset. */
public record PartitionRow(String partition, long firstFileId, long lastFileId, long filesTotal, long filesDone,
                           String status, OffsetDateTime startTime, OffsetDateTime endTime, String host, String exitMessage) {
}
