-- The owner's process start time (issue 20): on the same host, a process with the recorded pid is the
-- owner only if it also started at the recorded time; a reused pid is another process. Epoch
-- milliseconds as the OS reports them (ProcessHandle.Info.startInstant); NULL where the OS does not tell.
ALTER TABLE hp_execution_owner ADD COLUMN pid_started_at BIGINT;
