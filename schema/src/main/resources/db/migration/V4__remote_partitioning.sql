-- Remote partitioning with PostgreSQL as the only transport: spring-integration-jdbc 7.0's
-- channel message store (its schema-postgresql.sql, the channel part only), and the workers'
-- registry with heartbeats that the manager's lease monitor reads.

CREATE SEQUENCE INT_MESSAGE_SEQ START WITH 1 INCREMENT BY 1 NO CYCLE;

CREATE TABLE INT_CHANNEL_MESSAGE (
    MESSAGE_ID CHAR(36) NOT NULL,
    GROUP_KEY CHAR(36) NOT NULL,
    CREATED_DATE BIGINT NOT NULL,
    MESSAGE_PRIORITY BIGINT,
    MESSAGE_SEQUENCE BIGINT NOT NULL DEFAULT nextval('INT_MESSAGE_SEQ'),
    MESSAGE_CONTENT BYTEA,
    REGION VARCHAR(100) NOT NULL,
    constraint INT_CHANNEL_MESSAGE_PK primary key (REGION, GROUP_KEY, CREATED_DATE, MESSAGE_SEQUENCE)
);

CREATE INDEX INT_CHANNEL_MSG_DELETE_IDX ON INT_CHANNEL_MESSAGE (REGION, GROUP_KEY, MESSAGE_ID);

-- A worker process: registered at start, beating while it runs.
CREATE TABLE hp_worker (
    worker_name   TEXT PRIMARY KEY,
    host          TEXT NOT NULL,
    pid           BIGINT NOT NULL,
    threads       INT NOT NULL,
    started_at    TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP,
    heartbeat_at  TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP,
    stopped_at    TIMESTAMP
);

-- Which worker (local "host/pid" or a remote worker's name) runs each partition step execution.
CREATE TABLE hp_step_owner (
    step_execution_id  BIGINT PRIMARY KEY REFERENCES batch_step_execution (step_execution_id),
    worker_name        TEXT NOT NULL,
    claimed_at         TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP
);
CREATE INDEX hp_step_owner_worker_ix ON hp_step_owner (worker_name);
