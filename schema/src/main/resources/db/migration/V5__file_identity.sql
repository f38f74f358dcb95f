-- The identity the scan saw of each regular file (statx: device as major << 32 | minor, inode), compared with
-- the descriptor opened for planning: another inode at the same path is another file, CHANGED_SINCE_SCAN.
-- kind gains g: listed in a manifest but missing at scan time (its outcome is GONE).
ALTER TABLE hp_file ADD COLUMN device BIGINT, ADD COLUMN inode BIGINT;
