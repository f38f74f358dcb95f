/**
 * Fourth: what happened, once the partitions are done: the failure limit, the optional verify,
 * verify and rollback over the journal, and the status of executions (who runs them, whether that
 * process is alive, UNKNOWN turned into a restartable FAILED).
 */
package io.headpatch.job.outcome;
