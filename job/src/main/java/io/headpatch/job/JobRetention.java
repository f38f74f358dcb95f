package io.headpatch.job;

/**
 * Retention of the job's tables: removes what finished job instances left (their executions, files, outcomes,
 * checks and journal), in one transaction, never what a restart, a rollback or a running incremental scan needs.
 */
public interface JobRetention {

    /** Removes (or, in a dry run, counts) the rows of the instances that finished before {@code request}'s age. */
    PruneResult prune(PruneRequest request);
}
