/**
 * The job module's API, the only package ops and perf may use (an ArchUnit test holds that):
 * {@link io.headpatch.job.PatchJobService} opens the job on a migrated database and offers it by concern,
 * {@link io.headpatch.job.JobLifecycle} (launch, restart, stop, abandon),
 * {@link io.headpatch.job.ExecutionQueries} (status, recent executions),
 * {@link io.headpatch.job.JournalChecks} (verify, rollback) and {@link io.headpatch.job.JobRetention} (prune), with typed
 * requests, settings and results.
 *
 * <p>The packages inside follow a launch's data flow (docs/design.md, "Data flow of one launch"):
 * {@code parameters} → {@code scan} → {@code partition} → {@code chunk} → {@code outcome} → {@code remote}
 * → {@code config}; {@code retention} removes what finished instances left; {@code support} holds what several of them
 * share.
 */
package io.headpatch.job;
