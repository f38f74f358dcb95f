/**
 * Verify and rollback primitives over journaled headers: {@link io.headpatch.worker.check.HeaderVerifier}
 * re-reads and compares with the after-image; {@link io.headpatch.worker.check.RollbackPlanner} restores the
 * original only where the header still equals the after-image, and reports a CONFLICT otherwise.
 */
package io.headpatch.worker.check;
