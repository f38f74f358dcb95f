-- headpatch's own tables. One manifest per job instance; its files have ids that the
-- partitions split by row count; each file gets one outcome, and a journal row before it is written.
--
-- The tables with a row per file keep no foreign keys. At millions of files a key costs more than
-- the row it guards: its trigger runs a query per inserted row and, for hp_journal and hp_outcome,
-- takes a row lock on hp_file that dirties (and WAL-logs) hp_file's pages. Measured on 2 cores,
-- the journal and outcome inserts of a chunk took twice the server CPU with the keys (perf/README.md).
-- Only the job writes these rows, with ids it has just read from hp_file, and a half-done scan's
-- files are deleted by the scan itself (it runs before anything refers to them).

CREATE TABLE hp_manifest (
    manifest_id      BIGSERIAL PRIMARY KEY,
    job_instance_id  BIGINT NOT NULL UNIQUE REFERENCES batch_job_instance (job_instance_id),
    roots            TEXT[] NOT NULL DEFAULT '{}',
    manifest_file    TEXT,
    includes         TEXT[] NOT NULL DEFAULT '{}',
    excludes         TEXT[] NOT NULL DEFAULT '{}',
    min_size         BIGINT,
    max_size         BIGINT,
    one_filesystem   BOOLEAN NOT NULL DEFAULT FALSE,
    spec_name        TEXT NOT NULL,
    spec_hash        TEXT NOT NULL,
    spec_source      TEXT NOT NULL,
    job_timestamp    BIGINT NOT NULL,
    dry_run          BOOLEAN NOT NULL DEFAULT FALSE,
    file_count       BIGINT,               -- NULL until the scan has completed
    created_at       TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP,
    scanned_at       TIMESTAMP
);

-- kind: f regular, l symbolic link, d directory, o other (FIFO, device, socket),
--       x not representable or not readable (note says why)
CREATE TABLE hp_file (
    file_id      BIGSERIAL PRIMARY KEY,
    manifest_id  BIGINT NOT NULL,
    path         TEXT NOT NULL,
    size         BIGINT,
    mtime_ms     BIGINT,
    kind         CHAR(1) NOT NULL,
    note         TEXT
);
CREATE INDEX hp_file_manifest_ix ON hp_file (manifest_id, file_id);

CREATE TABLE hp_partition (
    manifest_id     BIGINT NOT NULL REFERENCES hp_manifest (manifest_id) ON DELETE CASCADE,
    partition_name  TEXT NOT NULL,
    first_file_id   BIGINT NOT NULL,
    last_file_id    BIGINT NOT NULL,
    file_count      BIGINT NOT NULL,
    host            TEXT,                  -- the host and worker that last ran it
    PRIMARY KEY (manifest_id, partition_name)
);

-- Committed before the file is touched (DESIGN.md, crash protocol); never overwritten, so it
-- keeps the true original for rollback.
CREATE TABLE hp_journal (
    file_id       BIGINT PRIMARY KEY,
    manifest_id   BIGINT NOT NULL,
    before_bytes  BYTEA NOT NULL,
    after_bytes   BYTEA NOT NULL,
    journaled_at  TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP
);

CREATE TABLE hp_outcome (
    file_id            BIGINT PRIMARY KEY,
    manifest_id        BIGINT NOT NULL,
    outcome            TEXT NOT NULL,
    reason             TEXT,
    job_execution_id   BIGINT NOT NULL,
    partition_name     TEXT,
    decided_at         TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP
);
CREATE INDEX hp_outcome_manifest_ix ON hp_outcome (manifest_id, outcome);
CREATE INDEX hp_outcome_execution_ix ON hp_outcome (job_execution_id);
CREATE INDEX hp_outcome_failure_ix ON hp_outcome (manifest_id, file_id)
    WHERE outcome NOT IN ('PATCHED', 'ALREADY_DONE', 'REPAIRED');

-- Results of `verify` and `rollback`, one row per file and check.
CREATE TABLE hp_check (
    file_id      BIGINT NOT NULL,
    manifest_id  BIGINT NOT NULL,
    check_kind   TEXT NOT NULL,             -- VERIFY or ROLLBACK
    outcome      TEXT NOT NULL,
    reason       TEXT,
    checked_at   TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP,
    PRIMARY KEY (file_id, check_kind)
);
CREATE INDEX hp_check_manifest_ix ON hp_check (manifest_id, check_kind, outcome);

-- The process running a job execution, with a heartbeat: `restart` recovers an execution left
-- STARTED only when its process is gone (same host, pid dead) or its heartbeat is stale.
CREATE TABLE hp_execution_owner (
    job_execution_id  BIGINT PRIMARY KEY REFERENCES batch_job_execution (job_execution_id),
    host              TEXT NOT NULL,
    pid               BIGINT NOT NULL,
    heartbeat_at      TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP
);
