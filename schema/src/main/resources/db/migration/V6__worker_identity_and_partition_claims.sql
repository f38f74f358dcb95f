-- One writer per partition (docs/design.md, fencing). A worker process is its name plus a random
-- id drawn at start, so a process restarted under the same name never inherits the partitions
-- (and the heartbeats) of the one that died. Each partition carries a claim: the step execution
-- that holds it and an epoch that grows with every claim. A chunk is journaled, and its files
-- written, only inside a transaction that finds its step still holding the current claim.

ALTER TABLE hp_worker ADD COLUMN worker_id TEXT;
UPDATE hp_worker SET worker_id = worker_name;
ALTER TABLE hp_worker ALTER COLUMN worker_id SET NOT NULL;
ALTER TABLE hp_worker DROP CONSTRAINT hp_worker_pkey;
ALTER TABLE hp_worker ADD PRIMARY KEY (worker_id);
CREATE INDEX hp_worker_name_ix ON hp_worker (worker_name);

ALTER TABLE hp_step_owner ADD COLUMN worker_id TEXT;
UPDATE hp_step_owner SET worker_id = worker_name;
ALTER TABLE hp_step_owner ALTER COLUMN worker_id SET NOT NULL;
CREATE INDEX hp_step_owner_worker_id_ix ON hp_step_owner (worker_id);

ALTER TABLE hp_partition
    ADD COLUMN claim_epoch BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN claim_step_execution_id BIGINT;
