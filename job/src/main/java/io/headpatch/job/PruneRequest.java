package io.headpatch.job;

import java.time.Duration;

/**
 * What {@link JobRetention#prune} removes.
 *
 * @param olderThan      how long before the database's clock the instance's latest execution ended
 * @param includeJournal remove the journal too: those instances can no longer be rolled back
 * @param dryRun         count in a transaction that is rolled back, so that the counts are exact
 */
public record PruneRequest(Duration olderThan, boolean includeJournal, boolean dryRun) {
}
