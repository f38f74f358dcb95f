-- The identity of the file actually written (issues 20 and 21): device (major << 32 | minor) and inode of the
-- descriptor a journaled header is written through, stored in the journal's transaction, before the write.
-- rollback writes a file only when the file now at the path is that inode with one link; a copy renamed over it,
-- or the same content under a new inode, is someone else's file. A retry that writes a file again (a restart's
-- retry of a failed file) keeps the row's before_bytes and after_bytes, the true original and its target, and
-- sets device and inode to those of the file it writes now: one row per file. NULL in rows journaled before this
-- version: rollback then checks the content and the link count only, as it did.
ALTER TABLE hp_journal ADD COLUMN device BIGINT, ADD COLUMN inode BIGINT;

-- Whether the launch said --allow-hard-links: part of the run's options, shown by status and report.
ALTER TABLE hp_manifest ADD COLUMN allow_hard_links BOOLEAN NOT NULL DEFAULT FALSE;
