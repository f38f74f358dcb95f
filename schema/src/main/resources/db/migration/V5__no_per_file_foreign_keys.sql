-- The tables with a row per file keep no foreign keys. At millions of files a key costs more than
-- the row it guards: its trigger runs a query per inserted row and, for hp_journal and hp_outcome,
-- takes a row lock on hp_file that dirties (and WAL-logs) hp_file's pages. Measured on 2 cores,
-- the journal and outcome inserts of a chunk took twice the server CPU with the keys (perf/README.md).
-- Only the job writes these rows, with ids it has just read from hp_file, and a half-done scan's
-- files are deleted by the scan itself (it runs before anything refers to them).
ALTER TABLE hp_file DROP CONSTRAINT hp_file_manifest_id_fkey;
ALTER TABLE hp_journal DROP CONSTRAINT hp_journal_file_id_fkey;
ALTER TABLE hp_outcome DROP CONSTRAINT hp_outcome_file_id_fkey;
ALTER TABLE hp_check DROP CONSTRAINT hp_check_file_id_fkey;
