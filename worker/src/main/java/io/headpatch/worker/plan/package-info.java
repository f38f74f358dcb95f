/**
 * Planning one file: {@link io.headpatch.worker.plan.PatchPlanner#plan} gives exactly one
 * {@link io.headpatch.worker.plan.Outcome}. It checks the file type before any open (a FIFO never blocks),
 * never follows a link, compares size and mtime with the scan's {@link io.headpatch.worker.plan.ScannedFacts},
 * and with a {@link io.headpatch.worker.plan.JournalEntry} recognises a header already written (ALREADY_DONE)
 * or torn by a crash (REPAIRED). Reads only.
 */
package io.headpatch.worker.plan;
