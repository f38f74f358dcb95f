package io.headpatch.ops.retention;

/** Every SQL statement of {@code prune}, with bound parameters; the instances are passed as one array. */
final class RetentionQueries {

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
            WHERE latest.status IN ('COMPLETED', 'ABANDONED')
              AND latest.ended < ?
              AND NOT EXISTS (SELECT 1 FROM batch_job_execution e
                              WHERE e.job_instance_id = i.job_instance_id
                                AND e.status IN ('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN'))
            ORDER BY i.job_instance_id
            FOR UPDATE OF i""";

    /**
     * The manifests to remove that no incremental scan is using as its baseline or a source of it (a scan holds them
     * KEY SHARE until it commits): those it cannot lock stay.
     */
    static final String LOCK_MANIFESTS = "SELECT manifest_id FROM hp_manifest WHERE manifest_id = ANY (?) FOR UPDATE SKIP LOCKED";
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

    // Per-file rows, by manifest.
    static final String DELETE_OUTCOMES = "DELETE FROM hp_outcome WHERE manifest_id = ANY (?)";
    static final String DELETE_CHECKS = "DELETE FROM hp_check WHERE manifest_id = ANY (?)";
    static final String DELETE_JOURNAL = "DELETE FROM hp_journal WHERE manifest_id = ANY (?)";
    static final String DELETE_FILES = "DELETE FROM hp_file WHERE manifest_id = ANY (?)";
    /**
     * Before the manifests: deleted with one statement, a manifest's own ranges (ON DELETE CASCADE) may not be gone yet
     * when the key check of the manifest they carry from runs.
     */
    static final String DELETE_CARRIED = "DELETE FROM hp_carried WHERE manifest_id = ANY (?)";
    /** hp_partition goes with its manifest (ON DELETE CASCADE). */
    static final String DELETE_MANIFESTS = "DELETE FROM hp_manifest WHERE manifest_id = ANY (?)";

    // The job repository's rows, by instance, children first.
    static final String DELETE_STEP_OWNERS = """
            DELETE FROM hp_step_owner o USING batch_step_execution s, batch_job_execution e
            WHERE o.step_execution_id = s.step_execution_id AND s.job_execution_id = e.job_execution_id
              AND e.job_instance_id = ANY (?)""";
    static final String DELETE_STEP_CONTEXTS = """
            DELETE FROM batch_step_execution_context c USING batch_step_execution s, batch_job_execution e
            WHERE c.step_execution_id = s.step_execution_id AND s.job_execution_id = e.job_execution_id
              AND e.job_instance_id = ANY (?)""";
    static final String DELETE_STEPS = """
            DELETE FROM batch_step_execution s USING batch_job_execution e
            WHERE s.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY (?)""";
    static final String DELETE_EXECUTION_OWNERS = """
            DELETE FROM hp_execution_owner o USING batch_job_execution e
            WHERE o.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY (?)""";
    static final String DELETE_EXECUTION_CONTEXTS = """
            DELETE FROM batch_job_execution_context c USING batch_job_execution e
            WHERE c.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY (?)""";
    static final String DELETE_EXECUTION_PARAMS = """
            DELETE FROM batch_job_execution_params p USING batch_job_execution e
            WHERE p.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY (?)""";
    static final String DELETE_EXECUTIONS = "DELETE FROM batch_job_execution WHERE job_instance_id = ANY (?)";
    static final String DELETE_INSTANCES = "DELETE FROM batch_job_instance WHERE job_instance_id = ANY (?)";

    private RetentionQueries() {
    }
}
