package io.headpatch.job;

import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;

import java.util.Map;

/**
 * Verify and rollback over the journal of an execution's job instance, recording one {@code hp_check}
 * row per file; {@code progress} is told after each page.
 *
 * @throws JobRequestException NOT_FOUND for an unknown id or an execution whose scan never started
 */
public interface JournalChecks {

    /** Files that verify and rollback check, for progress totals. */
    long journaledFiles(long executionId);

    /** Re-reads every file the instance wrote and compares it with its journaled after-image. */
    Map<CheckOutcome, Long> verify(long executionId, CheckProgress progress);

    /** Restores the journaled originals where the header is still the after-image. */
    Map<CheckOutcome, Long> rollback(long executionId, WriteOptions options, CheckProgress progress);
}
