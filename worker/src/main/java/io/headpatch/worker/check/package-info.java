/**
 * Verify and rollback primitives over journaled headers: {@link io.headpatch.worker.check.HeaderVerifier}
 * re-reads and compares with the after-image; {@link io.headpatch.worker.check.RollbackPlanner} restores the
 * original where the header is the after-image or a torn mix of it and the original, and reports a CONFLICT
 * otherwise. Both take every {@link io.headpatch.worker.check.JournaledFile}, whatever its outcome, or with none.
 */
package io.headpatch.worker.check;
