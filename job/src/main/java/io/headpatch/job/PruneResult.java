package io.headpatch.job;

import java.time.LocalDateTime;

/**
 * What {@link JobRetention#prune} removed (or, in a dry run, would have).
 *
 * @param cutoff          the instances finished before this, in the database's local time (its timestamps are
 *                        LOCALTIMESTAMP)
 * @param instances       instances removed whole
 * @param keptForRollback instances whose journal, files and executions stay for rollback
 * @param keptCarried     instances that stay whole because a later incremental instance that stays carries their
 *                        files, or a running incremental scan reads them; a full launch starts a list that carries
 *                        nothing
 */
public record PruneResult(LocalDateTime cutoff, long instances, long keptForRollback, long keptCarried, long executions,
                          long files, long outcomes, long checks, long journalRows) {
}
