-- Incremental launches (issue 15): a scan records each file's identity, and a launch with
-- --incremental records UNCHANGED, without opening it, every file whose identity equals that of the
-- same path in its baseline (the newest COMPLETED instance of the same spec and parameters over the
-- same roots) where that file's outcome was final.

-- The identity beside V5's device and inode, size and mtime_ms: st_ctime in nanoseconds. Nobody but the
-- kernel sets ctime (any write, chmod, rename or utimes moves it to now), so a file rewritten and given its
-- old mtime back, or a new file that got the inode of a deleted one, never matches its baseline row.
-- Nullable and without a default: adding it rewrites no row, and a row of kind other than 'f' has none.
ALTER TABLE hp_file ADD COLUMN ctime_ns BIGINT;

-- incremental: the launch compared with a baseline; baseline_job_instance_id: the instance it compared
-- with, NULL when it found none (then every file was planned).
ALTER TABLE hp_manifest
    ADD COLUMN incremental               BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN baseline_job_instance_id  BIGINT;

-- UNCHANGED files are neither failed nor skipped by this run: kept out of the failure index (an
-- incremental run adds a row per unchanged file, it must not add an index entry too) and of the
-- failure views, which use the same predicate so that they keep using the index.
DROP INDEX hp_outcome_failure_ix;
CREATE INDEX hp_outcome_failure_ix ON hp_outcome (manifest_id, file_id)
    WHERE outcome NOT IN ('PATCHED', 'ALREADY_DONE', 'REPAIRED', 'UNCHANGED');

CREATE OR REPLACE VIEW hp_failure AS
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
WHERE o.outcome NOT IN ('PATCHED', 'ALREADY_DONE', 'REPAIRED', 'UNCHANGED');

CREATE OR REPLACE VIEW hp_failed_file_report AS
SELECT o.manifest_id,
       f.file_id,
       f.path,
       o.outcome,
       o.reason,
       ENCODE(j.before_bytes, 'hex') AS before_hex,
       ENCODE(j.after_bytes, 'hex')  AS after_hex
FROM hp_outcome o
JOIN hp_file f ON f.file_id = o.file_id
LEFT JOIN hp_journal j ON j.file_id = o.file_id
WHERE o.outcome NOT IN ('PATCHED', 'ALREADY_DONE', 'REPAIRED', 'UNCHANGED')
UNION ALL
SELECT u.manifest_id, f.file_id, f.path, NULL, NULL, NULL, NULL
FROM (SELECT p.manifest_id, p.first_file_id, p.last_file_id
      FROM hp_partition_progress p
      WHERE p.status IS DISTINCT FROM 'COMPLETED'
      UNION ALL
      SELECT m.manifest_id, 0, 9223372036854775807
      FROM hp_manifest m
      WHERE NOT EXISTS (SELECT 1 FROM hp_partition p WHERE p.manifest_id = m.manifest_id)) u
CROSS JOIN LATERAL (
    SELECT f.file_id, f.path
    FROM hp_file f
    WHERE f.manifest_id = u.manifest_id AND f.file_id BETWEEN u.first_file_id AND u.last_file_id
      AND NOT EXISTS (SELECT 1 FROM hp_outcome o WHERE o.file_id = f.file_id)
    -- A fence: one scan per unfinished range, never a scan of every file to be joined with the ranges.
    OFFSET 0
) f;

-- V3's summary with the UNCHANGED count among the outcome columns (in the enum's order, so dropped and
-- created again: nothing depends on it), and at the end whether the launch was incremental and its
-- baseline instance.
DROP VIEW hp_job_summary;
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
       COALESCE(c.unchanged, 0)          AS unchanged,
       CASE WHEN e.start_time IS NULL THEN NULL
            ELSE (x.decided_here / GREATEST(EXTRACT(EPOCH FROM (COALESCE(e.end_time, LOCALTIMESTAMP) - e.start_time)), 0.001))::NUMERIC(14, 1)
       END AS files_per_second,
       COALESCE(m.incremental, FALSE)    AS incremental,
       m.baseline_job_instance_id
FROM batch_job_execution e
JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
LEFT JOIN hp_manifest m ON m.job_instance_id = e.job_instance_id
LEFT JOIN LATERAL (
    SELECT SUM(g.files)::BIGINT                                            AS decided,
           (SUM(g.files) FILTER (WHERE g.outcome = 'PATCHED'))::BIGINT            AS patched,
           (SUM(g.files) FILTER (WHERE g.outcome = 'ALREADY_DONE'))::BIGINT       AS already_done,
           (SUM(g.files) FILTER (WHERE g.outcome = 'REPAIRED'))::BIGINT           AS repaired,
           (SUM(g.files) FILTER (WHERE g.outcome = 'NOT_MATCHING'))::BIGINT       AS not_matching,
           (SUM(g.files) FILTER (WHERE g.outcome = 'TOO_SHORT'))::BIGINT          AS too_short,
           (SUM(g.files) FILTER (WHERE g.outcome = 'CHANGED_SINCE_SCAN'))::BIGINT AS changed_since_scan,
           (SUM(g.files) FILTER (WHERE g.outcome = 'NOT_REGULAR'))::BIGINT        AS not_regular,
           (SUM(g.files) FILTER (WHERE g.outcome = 'IO_ERROR'))::BIGINT           AS io_error,
           (SUM(g.files) FILTER (WHERE g.outcome = 'GONE'))::BIGINT               AS gone,
           (SUM(g.files) FILTER (WHERE g.outcome = 'UNCHANGED'))::BIGINT          AS unchanged
    FROM (SELECT o.outcome, COUNT(*) AS files FROM hp_outcome o WHERE o.manifest_id = m.manifest_id GROUP BY o.outcome) g
) c ON TRUE
LEFT JOIN LATERAL (
    SELECT COALESCE(SUM(s.write_count), 0)::NUMERIC AS decided_here
    FROM batch_step_execution s
    WHERE s.job_execution_id = e.job_execution_id AND s.step_name LIKE 'patch-worker:%'
) x ON TRUE;
