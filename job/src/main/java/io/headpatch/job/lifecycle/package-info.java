/**
 * Sixth: the job API's commands and checks on Spring Batch's JobOperator: launch, restart, stop and
 * abandon with the ownership checks that make restart safe after kill -9; verify and rollback of an
 * execution's journal.
 */
package io.headpatch.job.lifecycle;
