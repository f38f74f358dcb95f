-- Incremental launches store only what changed (issue 15, perf/README.md "Incremental launches"). A file
-- unchanged since the baseline keeps the hp_file and hp_outcome rows of the run that last read it; the
-- incremental instance carries those rows by file id range instead of writing a row and an UNCHANGED
-- outcome per file. An instance's files are then its own hp_file rows and the rows its ranges carry.
--
-- A range holds exactly the carried rows: the scan builds each one from consecutive rows of its baseline's
-- own list or of one of the baseline's ranges, all of them unchanged. Ids of other manifests inside a range
-- (concurrent scans interleave them) are left out by source_manifest_id.
CREATE TABLE hp_carried (
    manifest_id         BIGINT NOT NULL REFERENCES hp_manifest (manifest_id) ON DELETE CASCADE,
    -- the manifest whose rows are carried; no cascade: a manifest whose rows a later one carries cannot be
    -- deleted before that one (prune keeps it)
    source_manifest_id  BIGINT NOT NULL REFERENCES hp_manifest (manifest_id),
    first_file_id       BIGINT NOT NULL,
    last_file_id        BIGINT NOT NULL,
    file_count          BIGINT NOT NULL,
    PRIMARY KEY (manifest_id, source_manifest_id, first_file_id)
);
CREATE INDEX hp_carried_source_ix ON hp_carried (source_manifest_id);

-- V3's file report with the carried files: outcome UNCHANGED, reason the outcome the file was last read with
-- (through a V9 UNCHANGED row, the reason it kept).
CREATE OR REPLACE VIEW hp_file_report AS
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

-- V9's summary, with the carried files counted as UNCHANGED and decided (files_total, the manifest's
-- file_count, counts them too). V9's UNCHANGED outcome rows still count, for instances written before V10.
CREATE OR REPLACE VIEW hp_job_summary AS
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
    SELECT SUM(r.file_count) AS carried FROM hp_carried r WHERE r.manifest_id = m.manifest_id
) k ON TRUE
LEFT JOIN LATERAL (
    SELECT COALESCE(SUM(s.write_count), 0)::NUMERIC AS decided_here
    FROM batch_step_execution s
    WHERE s.job_execution_id = e.job_execution_id AND s.step_name LIKE 'patch-worker:%'
) x ON TRUE;
