package io.headpatch.job.partition;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a manifest's files to plan into id ranges holding equal numbers of rows (ids are not dense:
 * concurrent scans interleave them, and files an incremental scan already decided UNCHANGED are left out). The ranges are stored on first use, so a restart gets the same
 * partitions under the same names whatever its grid size.
 */
public class FileIdRangePartitioner implements Partitioner {

    private static final String STORED = """
            SELECT partition_name, first_file_id, last_file_id FROM hp_partition
            WHERE manifest_id = ? ORDER BY partition_name""";
    private static final String SPLIT = """
            INSERT INTO hp_partition (manifest_id, partition_name, first_file_id, last_file_id, file_count)
            SELECT ?, 'p' || LPAD(part::TEXT, 4, '0'), MIN(file_id), MAX(file_id), COUNT(*)
            FROM (SELECT f.file_id, NTILE(?) OVER (ORDER BY f.file_id) - 1 AS part
                  FROM hp_file f
                  WHERE f.manifest_id = ?
                    AND NOT EXISTS (SELECT 1 FROM hp_outcome o WHERE o.manifest_id = f.manifest_id AND o.file_id = f.file_id)) t
            GROUP BY part
            ON CONFLICT DO NOTHING""";
    private static final String EMPTY = """
            INSERT INTO hp_partition (manifest_id, partition_name, first_file_id, last_file_id, file_count)
            VALUES (?, 'p0000', 0, -1, 0) ON CONFLICT DO NOTHING""";

    private final JdbcTemplate jdbc;
    private final long manifestId;

    public FileIdRangePartitioner(JdbcTemplate jdbc, long manifestId) {
        this.jdbc = jdbc;
        this.manifestId = manifestId;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<Map<String, Object>> stored = jdbc.queryForList(STORED, manifestId);
        if (stored.isEmpty()) {
            if (jdbc.update(SPLIT, manifestId, Math.max(1, gridSize), manifestId) == 0) {
                jdbc.update(EMPTY, manifestId);
            }
            stored = jdbc.queryForList(STORED, manifestId);
        }
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (Map<String, Object> row : stored) {
            String name = (String) row.get("partition_name");
            partitions.put(name, new PartitionRange(manifestId, name, ((Number) row.get("first_file_id")).longValue(),
                    ((Number) row.get("last_file_id")).longValue()).toContext());
        }
        return partitions;
    }
}
