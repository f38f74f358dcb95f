-- `headpatch retry ID` (issue 20): a COMPLETED run's failed files (IO_ERROR, GONE, CHANGED_SINCE_SCAN) run again as
-- a new launch over a manifest of their paths. retry_of_job_execution_id is the execution it retries; NULL for any
-- other launch. A retry is never an incremental baseline (its manifest holds only the failed files).
ALTER TABLE hp_manifest ADD COLUMN retry_of_job_execution_id BIGINT;
-- An execution is retried at most once: the link from the retried run to its retry is unique.
CREATE UNIQUE INDEX hp_manifest_retry_of_ix ON hp_manifest (retry_of_job_execution_id)
    WHERE retry_of_job_execution_id IS NOT NULL;
