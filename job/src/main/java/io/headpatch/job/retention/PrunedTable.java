package io.headpatch.job.retention;

/**
 * Every table prune deletes from, in the order it does: the rows that name others before those they name (hp_carried
 * and the job repository's keys). Whatever else names an instance, execution or manifest goes by ON DELETE CASCADE
 * or is listed in {@code PrunedTablesIntegrationTests}, which fails on a table that is neither.
 */
enum PrunedTable {

    /** Outcomes stay with the journal: rollback reads them beside it (which files a chunk committed). */
    OUTCOMES("hp_outcome", Ids.REMOVED_MANIFESTS, "DELETE FROM hp_outcome WHERE manifest_id = ANY (?)"),
    CHECKS("hp_check", Ids.EVERY_MANIFEST, "DELETE FROM hp_check WHERE manifest_id = ANY (?)"),
    JOURNAL("hp_journal", Ids.REMOVED_MANIFESTS, "DELETE FROM hp_journal WHERE manifest_id = ANY (?)"),
    FILES("hp_file", Ids.REMOVED_MANIFESTS, "DELETE FROM hp_file WHERE manifest_id = ANY (?)"),
    /**
     * Before the manifests: deleted with one statement, a manifest's own ranges (ON DELETE CASCADE) may not be gone yet
     * when the key check of the manifest they carry from runs.
     */
    CARRIED("hp_carried", Ids.REMOVED_MANIFESTS, "DELETE FROM hp_carried WHERE manifest_id = ANY (?)"),
    /** hp_partition goes with its manifest (ON DELETE CASCADE). */
    MANIFESTS("hp_manifest", Ids.REMOVED_MANIFESTS, "DELETE FROM hp_manifest WHERE manifest_id = ANY (?)"),
    STEP_OWNERS("hp_step_owner", Ids.REMOVED_INSTANCES, """
            DELETE FROM hp_step_owner o USING batch_step_execution s, batch_job_execution e
            WHERE o.step_execution_id = s.step_execution_id AND s.job_execution_id = e.job_execution_id
              AND e.job_instance_id = ANY (?)"""),
    STEP_CONTEXTS("batch_step_execution_context", Ids.REMOVED_INSTANCES, """
            DELETE FROM batch_step_execution_context c USING batch_step_execution s, batch_job_execution e
            WHERE c.step_execution_id = s.step_execution_id AND s.job_execution_id = e.job_execution_id
              AND e.job_instance_id = ANY (?)"""),
    STEPS("batch_step_execution", Ids.REMOVED_INSTANCES, """
            DELETE FROM batch_step_execution s USING batch_job_execution e
            WHERE s.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY (?)"""),
    EXECUTION_OWNERS("hp_execution_owner", Ids.REMOVED_INSTANCES, """
            DELETE FROM hp_execution_owner o USING batch_job_execution e
            WHERE o.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY (?)"""),
    EXECUTION_CONTEXTS("batch_job_execution_context", Ids.REMOVED_INSTANCES, """
            DELETE FROM batch_job_execution_context c USING batch_job_execution e
            WHERE c.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY (?)"""),
    EXECUTION_PARAMS("batch_job_execution_params", Ids.REMOVED_INSTANCES, """
            DELETE FROM batch_job_execution_params p USING batch_job_execution e
            WHERE p.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY (?)"""),
    EXECUTIONS("batch_job_execution", Ids.REMOVED_INSTANCES, "DELETE FROM batch_job_execution WHERE job_instance_id = ANY (?)"),
    INSTANCES("batch_job_instance", Ids.REMOVED_INSTANCES, "DELETE FROM batch_job_instance WHERE job_instance_id = ANY (?)");

    /** Which ids a deletion is given, as one array. */
    enum Ids {
        /** The manifests of the instances removed whole. */
        REMOVED_MANIFESTS,
        /** Those and the manifests of the instances kept (for rollback, or carried): their checks go either way. */
        EVERY_MANIFEST,
        /** The instances removed whole. */
        REMOVED_INSTANCES
    }

    final String table;
    final Ids ids;
    final String delete;

    PrunedTable(String table, Ids ids, String delete) {
        this.table = table;
        this.ids = ids;
        this.delete = delete;
    }
}
