package io.headpatch.worker.plan;

import io.headpatch.worker.io.ConfinedFile;
import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.KeptFile;
import io.headpatch.worker.io.RootedPath;

import java.nio.file.Path;

/**
 * The planned outcome of one file. For {@link Outcome#PATCHED} and {@link Outcome#REPAIRED},
 * {@code before} is the header to journal as the original and {@code after} the header to write;
 * for {@link Outcome#ALREADY_DONE} both hold the current header; otherwise they may be null.
 *
 * @param identity device, inode, size and mtime of the descriptor read while planning, re-checked on the
 *                 descriptor written through; null when the file was not read
 * @param kept     the descriptor it was planned through, kept open for its write (one open per file;
 *                 {@link PatchPlanner#planToWrite}), or null: the write then opens the file again. The plan owns
 *                 it (its copies share the holder) until the write {@link #takeKept() takes} it; {@link #close()}
 *                 closes it if nobody did
 */
public record FilePlan(RootedPath file, Outcome outcome, String reason, byte[] before, byte[] after, FileIdentity identity,
                       KeptFile kept) implements AutoCloseable {

    /** A file left untouched, with why. */
    public static FilePlan skipped(RootedPath file, Outcome outcome, String reason) {
        return new FilePlan(file, outcome, reason, null, null, null, null);
    }

    public Path path() {
        return file.path();
    }

    /** The length seen while planning, or -1. */
    public long size() {
        return identity == null ? -1 : identity.size();
    }

    /** The same plan with another outcome, e.g. when writing it failed. */
    public FilePlan withOutcome(Outcome outcome, String reason) {
        return new FilePlan(file, outcome, reason, before, after, identity, kept);
    }

    /** The same plan holding {@code opened} (or none) for its write; the plan now owns it. */
    public FilePlan keeping(ConfinedFile opened) {
        return new FilePlan(file, outcome, reason, before, after, identity, opened == null ? null : KeptFile.of(opened));
    }

    /** The kept descriptor for the write, which then owns and closes it; null when there is none (any more). */
    public ConfinedFile takeKept() {
        return kept == null ? null : kept.take();
    }

    /**
     * Closes the descriptor kept for the write unless the write took it: for a plan that is not written after all.
     * Safe to call twice, on any copy.
     */
    @Override
    public void close() {
        if (kept != null) {
            kept.close();
        }
    }
}
