package io.headpatch.job.retention;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.support.SqlLists;

/** The statements that choose what prune removes; the deletions are {@link PrunedTable}'s. Ids are passed as one array. */
final class PruneQueries {

    static final String NOW = "SELECT LOCALTIMESTAMP";

    /**
     * Finished instances older than the cutoff: the latest execution COMPLETED or ABANDONED and ended
     * before it, none running (or in an unknown state), so nothing restartable or in use is chosen.
     * Returns (job_instance_id, manifest_id or NULL, whether it has journal rows).
     */
    static final String FINISHED_INSTANCES = """
            SELECT i.job_instance_id, m.manifest_id,
                   EXISTS (SELECT 1 FROM hp_journal j WHERE j.manifest_id = m.manifest_id) AS journaled
            FROM batch_job_instance i
            JOIN LATERAL (SELECT e.status, COALESCE(e.end_time, e.last_updated, e.create_time) AS ended
                          FROM batch_job_execution e
                          WHERE e.job_instance_id = i.job_instance_id
                          ORDER BY e.job_execution_id DESC LIMIT 1) latest ON TRUE
            LEFT JOIN hp_manifest m ON m.job_instance_id = i.job_instance_id
            WHERE latest.status IN (%s)
              AND latest.ended < ?
              AND NOT EXISTS (SELECT 1 FROM batch_job_execution e
                              WHERE e.job_instance_id = i.job_instance_id
                                AND e.status IN (%s))
            ORDER BY i.job_instance_id
            FOR UPDATE OF i""".formatted(SqlLists.of(ExecutionStatus.COMPLETED, ExecutionStatus.ABANDONED),
            SqlLists.of(ExecutionStatus.class, status -> status.isRunning() || status == ExecutionStatus.UNKNOWN));

    /**
     * Of the manifests to remove, those whose files an incremental instance that stays still carries (V10), directly
     * or through another such manifest: the carried rows live only in the manifest that last read them.
     */
    static final String CARRIED_BY_KEPT = """
            WITH RECURSIVE removed (manifest_id) AS (SELECT UNNEST(?::BIGINT[])),
            needed (manifest_id) AS (
                SELECT c.source_manifest_id FROM hp_carried c
                WHERE c.manifest_id NOT IN (SELECT manifest_id FROM removed)
                UNION
                SELECT c.source_manifest_id FROM hp_carried c JOIN needed n ON c.manifest_id = n.manifest_id
            )
            SELECT manifest_id FROM needed WHERE manifest_id IN (SELECT manifest_id FROM removed)""";

    private PruneQueries() {
    }
}
