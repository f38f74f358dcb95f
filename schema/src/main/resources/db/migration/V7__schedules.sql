-- The schedules `headpatch schedule` runs, recorded for the console: one row per schedule name,
-- updated by the scheduler that holds it when it starts, at each fire and when it stops.
CREATE TABLE hp_schedule (
    schedule_name      TEXT PRIMARY KEY,
    cron               TEXT NOT NULL,
    host               TEXT NOT NULL,
    pid                BIGINT NOT NULL,
    started_at         TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP,
    stopped_at         TIMESTAMP,
    last_fire_at       TIMESTAMP,
    next_fire_at       TIMESTAMP,
    last_execution_id  BIGINT
);
