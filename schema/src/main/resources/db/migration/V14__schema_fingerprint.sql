-- The fingerprint of the migrations a database was last brought up to date with: a command whose own migrations have
-- the same fingerprint skips Flyway's scan and validation (about 0.6 s of every command's start). One row.
CREATE TABLE hp_schema_fingerprint (
    singleton   BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    fingerprint TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP
);
