package io.headpatch.worker.plan;

import io.headpatch.worker.io.ConfinedFile;
import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.RootedPath;

import java.nio.file.Path;

/**
 * The planned outcome of one file. For {@link Outcome#PATCHED} and {@link Outcome#REPAIRED},
 * {@code before} is the header to journal as the original and {@code after} the header to write;
 * for {@link Outcome#ALREADY_DONE} both hold the current header; otherwise they may be null.
 *
 * @param identity device, inode, size and mtime of the descriptor read while planning, re-checked on the
 *                 descriptor written through; null when the file was not read
 * @param opened   the descriptor it was planned through, kept open for its write (one open per file;
 *                 {@link PatchPlanner#planToWrite}), or null: the write then opens the file again
 */
public record FilePlan(RootedPath file, Outcome outcome, String reason, byte[] before, byte[] after, FileIdentity identity,
                       ConfinedFile opened) implements AutoCloseable {

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
        return new FilePlan(file, outcome, reason, before, after, identity, opened);
    }

    /** The same plan holding {@code opened} (or none) for its write. */
    public FilePlan keeping(ConfinedFile opened) {
        return new FilePlan(file, outcome, reason, before, after, identity, opened);
    }

    /**
     * Closes the descriptor kept for the write, if any: for a plan that is not written after all. Safe to call twice,
     * and after the write closed it; nothing was written through it by the plan, so a failed close loses nothing.
     */
    @Override
    public void close() {
        if (opened != null) {
            opened.closeUnwritten();
        }
    }
}
