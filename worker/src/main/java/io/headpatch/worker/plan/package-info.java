/**
 * Planning one file: {@link io.headpatch.worker.plan.PatchPlanner#plan} gives exactly one
 * {@link io.headpatch.worker.plan.Outcome}. It reaches the file from its root without following a link on any
 * component, checks the type before any open (a FIFO never blocks), compares device, inode, size and mtime of the
 * open descriptor with the scan's {@link io.headpatch.worker.plan.ScannedFacts}, and with a
 * {@link io.headpatch.worker.plan.JournalEntry} recognises a header already written (ALREADY_DONE), torn by a crash
 * (REPAIRED) or rewritten by someone else since it was journaled (CHANGED_SINCE_SCAN). Reads only.
 */
package io.headpatch.worker.plan;
