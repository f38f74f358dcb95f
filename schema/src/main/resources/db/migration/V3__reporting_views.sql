-- Views for operators (psql) and for `headpatch report`. Each one filters on indexed columns.

-- One row per job execution: the instance's counts by outcome, and this execution's speed.
CREATE VIEW hp_job_summary AS
SELECT e.job_execution_id,
       e.job_instance_id,
       i.job_name,
       e.status,
       e.exit_code,
       e.exit_message,
       e.start_time,
       e.end_time,
       EXTRACT(EPOCH FROM (COALESCE(e.end_time, LOCALTIMESTAMP) - e.start_time))::NUMERIC(12, 3) AS seconds,
       m.manifest_id,
       m.spec_name,
       m.dry_run,
       m.file_count AS files_total,
       COALESCE(c.decided, 0)            AS files_decided,
       COALESCE(c.patched, 0)            AS patched,
       COALESCE(c.already_done, 0)       AS already_done,
       COALESCE(c.repaired, 0)           AS repaired,
       COALESCE(c.not_matching, 0)       AS not_matching,
       COALESCE(c.too_short, 0)          AS too_short,
       COALESCE(c.changed_since_scan, 0) AS changed_since_scan,
       COALESCE(c.not_regular, 0)        AS not_regular,
       COALESCE(c.io_error, 0)           AS io_error,
       COALESCE(c.gone, 0)               AS gone,
       CASE WHEN e.start_time IS NULL THEN NULL
            ELSE (x.decided_here / GREATEST(EXTRACT(EPOCH FROM (COALESCE(e.end_time, LOCALTIMESTAMP) - e.start_time)), 0.001))::NUMERIC(14, 1)
       END AS files_per_second
FROM batch_job_execution e
JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
LEFT JOIN hp_manifest m ON m.job_instance_id = e.job_instance_id
LEFT JOIN LATERAL (
    SELECT COUNT(*) AS decided,
           COUNT(*) FILTER (WHERE o.outcome = 'PATCHED')            AS patched,
           COUNT(*) FILTER (WHERE o.outcome = 'ALREADY_DONE')       AS already_done,
           COUNT(*) FILTER (WHERE o.outcome = 'REPAIRED')           AS repaired,
           COUNT(*) FILTER (WHERE o.outcome = 'NOT_MATCHING')       AS not_matching,
           COUNT(*) FILTER (WHERE o.outcome = 'TOO_SHORT')          AS too_short,
           COUNT(*) FILTER (WHERE o.outcome = 'CHANGED_SINCE_SCAN') AS changed_since_scan,
           COUNT(*) FILTER (WHERE o.outcome = 'NOT_REGULAR')        AS not_regular,
           COUNT(*) FILTER (WHERE o.outcome = 'IO_ERROR')           AS io_error,
           COUNT(*) FILTER (WHERE o.outcome = 'GONE')               AS gone
    FROM hp_outcome o
    WHERE o.manifest_id = m.manifest_id
) c ON TRUE
LEFT JOIN LATERAL (
    SELECT COUNT(*)::NUMERIC AS decided_here FROM hp_outcome o WHERE o.job_execution_id = e.job_execution_id
) x ON TRUE;

-- One row per partition of an instance, with its latest step execution.
CREATE VIEW hp_partition_progress AS
SELECT m.job_instance_id,
       p.manifest_id,
       p.partition_name,
       p.first_file_id,
       p.last_file_id,
       p.file_count AS files_total,
       (SELECT COUNT(*) FROM hp_outcome o
         WHERE o.file_id BETWEEN p.first_file_id AND p.last_file_id
           AND o.manifest_id = p.manifest_id) AS files_done,
       s.job_execution_id,
       s.step_execution_id,
       s.status,
       s.start_time,
       s.end_time,
       s.exit_message,
       p.host
FROM hp_partition p
JOIN hp_manifest m ON m.manifest_id = p.manifest_id
LEFT JOIN LATERAL (
    SELECT se.job_execution_id, se.step_execution_id, se.status, se.start_time, se.end_time, se.exit_message
    FROM batch_step_execution se
    JOIN batch_job_execution je ON je.job_execution_id = se.job_execution_id
    WHERE je.job_instance_id = m.job_instance_id
      AND se.step_name = 'patch-worker:' || p.partition_name
    ORDER BY se.step_execution_id DESC
    LIMIT 1
) s ON TRUE;

-- Every file that did not end with its header at the target, and why.
CREATE VIEW hp_failure AS
SELECT m.job_instance_id,
       o.manifest_id,
       f.file_id,
       f.path,
       o.outcome,
       o.reason,
       o.partition_name,
       o.job_execution_id,
       o.decided_at
FROM hp_outcome o
JOIN hp_file f ON f.file_id = o.file_id
JOIN hp_manifest m ON m.manifest_id = o.manifest_id
WHERE o.outcome NOT IN ('PATCHED', 'ALREADY_DONE', 'REPAIRED');

-- The per-file completion report: one row per file of the manifest.
CREATE VIEW hp_file_report AS
SELECT m.job_instance_id,
       f.manifest_id,
       f.file_id,
       f.path,
       o.outcome,
       o.reason,
       ENCODE(j.before_bytes, 'hex') AS before_hex,
       ENCODE(j.after_bytes, 'hex')  AS after_hex,
       o.job_execution_id,
       o.partition_name,
       o.decided_at
FROM hp_file f
JOIN hp_manifest m ON m.manifest_id = f.manifest_id
LEFT JOIN hp_outcome o ON o.file_id = f.file_id
LEFT JOIN hp_journal j ON j.file_id = f.file_id;
