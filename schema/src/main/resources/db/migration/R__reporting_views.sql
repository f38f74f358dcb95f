-- The reporting views, each in its current definition: what operators (psql), `headpatch report` and the
-- console read instead of the job's tables, which only the job module writes and may change. Flyway runs this
-- repeatable migration after the versioned ones, and again whenever this file changes: edit a view here, never
-- in a new versioned migration. V3, V9 and V10 created the earlier definitions; they stay as they were, since
-- installed databases hold their checksums.
--
-- There is no V8 (nor was there ever one: `git log --all -- '*V8*'` is empty). The issues of 2026-11-27 were
-- built on parallel branches, each with a migration number of its own (V6 workers, V7 schedules, V9
-- incremental launches); the number V8 went unused. Flyway needs no contiguous versions: with its defaults
-- (outOfOrder false, ignoreMigrationPatterns *:future) a database at V7 goes straight to V9, and the gap stays.
--
-- Dropped and created again, not replaced: CREATE OR REPLACE VIEW can only add columns at the end. Dropped in
-- the reverse order of creation (hp_failed_file_report reads hp_partition_progress) and without CASCADE: a view
-- of an operator's own over these stops the migration with PostgreSQL's message rather than vanishing.
--
-- Each view filters on indexed columns. The report of a million-file execution in well under a second
-- (perf/README.md): the summary counts the outcomes with one GROUP BY instead of a FILTER per outcome over
-- every row, and takes the files an execution decided, like each partition's files done, from Spring Batch's
-- write counts, which the chunk commits together with the outcomes, instead of counting outcome rows again.
-- Outcome names written here are checked against the Outcome enum (SchemaMatchesEnumsIntegrationTests).

DROP VIEW IF EXISTS hp_check_report;
DROP VIEW IF EXISTS hp_worker_status;
DROP VIEW IF EXISTS hp_decided_per_second;
DROP VIEW IF EXISTS hp_failed_file_report;
DROP VIEW IF EXISTS hp_file_report;
DROP VIEW IF EXISTS hp_failure;
DROP VIEW IF EXISTS hp_partition_progress;
DROP VIEW IF EXISTS hp_job_summary;

-- One row per job execution: the instance's counts by outcome (a column per outcome, in the enum's order;
-- carried files count as UNCHANGED and decided, and files_total, the manifest's file_count, counts them too),
-- this execution's speed, whether the launch was incremental and its baseline instance, and its options
-- (allow_hard_links: launched with --allow-hard-links).
-- files_decided_here is the speed's numerator: for a run whose process is gone, the speed is taken up to
-- the time it was last seen, not to now (SummaryQueries).
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
       (COALESCE(c.decided, 0) + COALESCE(k.carried, 0))::BIGINT   AS files_decided,
       COALESCE(c.patched, 0)            AS patched,
       COALESCE(c.already_done, 0)       AS already_done,
       COALESCE(c.repaired, 0)           AS repaired,
       COALESCE(c.not_matching, 0)       AS not_matching,
       COALESCE(c.too_short, 0)          AS too_short,
       COALESCE(c.changed_since_scan, 0) AS changed_since_scan,
       COALESCE(c.not_regular, 0)        AS not_regular,
       COALESCE(c.io_error, 0)           AS io_error,
       COALESCE(c.gone, 0)               AS gone,
       (COALESCE(c.unchanged, 0) + COALESCE(k.carried, 0))::BIGINT AS unchanged,
       CASE WHEN e.start_time IS NULL THEN NULL
            ELSE (x.decided_here / GREATEST(EXTRACT(EPOCH FROM (COALESCE(e.end_time, LOCALTIMESTAMP) - e.start_time)), 0.001))::NUMERIC(14, 1)
       END AS files_per_second,
       COALESCE(m.incremental, FALSE)    AS incremental,
       m.baseline_job_instance_id,
       x.decided_here::BIGINT            AS files_decided_here,
       COALESCE(m.allow_hard_links, FALSE) AS allow_hard_links
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
    SELECT SUM(r.file_count) AS carried FROM hp_carried r WHERE r.manifest_id = m.manifest_id
) k ON TRUE
LEFT JOIN LATERAL (
    SELECT COALESCE(SUM(s.write_count), 0)::NUMERIC AS decided_here
    FROM batch_step_execution s
    WHERE s.job_execution_id = e.job_execution_id AND s.step_name LIKE 'patch-worker:%'
) x ON TRUE;

-- One row per partition of an instance, with its latest step execution.
CREATE VIEW hp_partition_progress AS
SELECT m.job_instance_id,
       p.manifest_id,
       p.partition_name,
       p.first_file_id,
       p.last_file_id,
       p.file_count AS files_total,
       (SELECT COALESCE(SUM(se.write_count), 0)::BIGINT
        FROM batch_step_execution se
        JOIN batch_job_execution je ON je.job_execution_id = se.job_execution_id
        WHERE je.job_instance_id = m.job_instance_id
          AND se.step_name = 'patch-worker:' || p.partition_name) AS files_done,
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

-- Every file that did not end with its header at the target, and why, with the bytes its journal holds. The
-- outcome list is that of hp_outcome_failure_ix (V9), so that the view uses the index.
CREATE VIEW hp_failure AS
SELECT m.job_instance_id,
       o.manifest_id,
       f.file_id,
       f.path,
       o.outcome,
       o.reason,
       o.partition_name,
       o.job_execution_id,
       o.decided_at,
       ENCODE(j.before_bytes, 'hex') AS before_hex,
       ENCODE(j.after_bytes, 'hex')  AS after_hex
FROM hp_outcome o
JOIN hp_file f ON f.file_id = o.file_id
JOIN hp_manifest m ON m.manifest_id = o.manifest_id
LEFT JOIN hp_journal j ON j.file_id = o.file_id
WHERE o.outcome NOT IN ('PATCHED', 'ALREADY_DONE', 'REPAIRED', 'UNCHANGED');

-- The per-file completion report: one row per file of the manifest, the carried files (V10) with outcome
-- UNCHANGED and as reason the outcome the file was last read with (through a V9 UNCHANGED row, the reason it kept).
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
LEFT JOIN hp_journal j ON j.file_id = f.file_id
UNION ALL
SELECT m.job_instance_id,
       c.manifest_id,
       f.file_id,
       f.path,
       'UNCHANGED',
       CASE WHEN o.outcome = 'UNCHANGED' THEN o.reason ELSE o.outcome END,
       NULL,
       NULL,
       NULL,
       NULL,
       NULL
FROM hp_carried c
JOIN hp_manifest m ON m.manifest_id = c.manifest_id
JOIN hp_file f ON f.manifest_id = c.source_manifest_id AND f.file_id BETWEEN c.first_file_id AND c.last_file_id
LEFT JOIN hp_outcome o ON o.file_id = f.file_id;

-- The report's rows of the files whose header is not at its target: failed or skipped (from the
-- outcomes, through hp_outcome_failure_ix) and not decided yet, which can only be in a partition that
-- has not completed, or anywhere before the manifest is partitioned; a finished execution has none
-- and costs no scan of its files.
CREATE VIEW hp_failed_file_report AS
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

-- Files decided by each execution, per second (a chunk commits its outcomes together), through
-- hp_outcome_execution_ix: a filter on job_execution_id is applied before the grouping.
CREATE VIEW hp_decided_per_second AS
SELECT o.job_execution_id,
       CAST(EXTRACT(EPOCH FROM DATE_TRUNC('second', o.decided_at)) AS BIGINT) AS second,
       COUNT(*) AS files
FROM hp_outcome o
GROUP BY o.job_execution_id, 2;

-- The worker processes of remote partitioning, with the seconds since their last heartbeat and the partitions
-- they hold: those whose step is running (ExecutionStatus.isRunning).
CREATE VIEW hp_worker_status AS
SELECT w.worker_id,
       w.worker_name,
       w.host,
       w.pid,
       w.threads,
       w.started_at,
       w.heartbeat_at,
       w.stopped_at,
       CAST(EXTRACT(EPOCH FROM (LOCALTIMESTAMP - w.heartbeat_at)) AS BIGINT) AS heartbeat_age,
       (SELECT COUNT(*) FROM hp_step_owner o
        JOIN batch_step_execution s ON s.step_execution_id = o.step_execution_id
        WHERE o.worker_id = w.worker_id AND s.status IN ('STARTING', 'STARTED', 'STOPPING')) AS partitions_held
FROM hp_worker w;

-- What `verify` and `rollback` found, one row per file and check kind (VERIFY, ROLLBACK).
CREATE VIEW hp_check_report AS
SELECT c.manifest_id,
       c.file_id,
       f.path,
       c.check_kind,
       c.outcome,
       c.reason,
       c.checked_at
FROM hp_check c
JOIN hp_file f ON f.file_id = c.file_id;
