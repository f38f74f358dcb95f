/**
 * Retention: {@code prune} removes what finished job instances left, table by table ({@link
 * io.headpatch.job.retention.PrunedTable}), leaving alone the baselines of running incremental scans
 * ({@link io.headpatch.job.scan.BaselineLocks}).
 */
package io.headpatch.job.retention;
