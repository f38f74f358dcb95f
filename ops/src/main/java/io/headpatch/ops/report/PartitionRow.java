package io.headpatch.ops.report;

import java.time.LocalDateTime;

/** One partition of an instance as {@code hp_partition_progress} shows it. */
public record PartitionRow(String partition, long firstFileId, long lastFileId, long filesTotal, long filesDone,
                           String status, LocalDateTime startTime, LocalDateTime endTime, String host, String exitMessage) {
}
