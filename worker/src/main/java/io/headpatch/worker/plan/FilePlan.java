package io.headpatch.worker.plan;

import java.nio.file.Path;

/**
 * The planned outcome of one file. For {@link Outcome#PATCHED} and {@link Outcome#REPAIRED},
 * {@code before} is the header to journal as the original and {@code after} the header to write;
 * for {@link Outcome#ALREADY_DONE} both hold the current header; otherwise they may be null.
 *
 * @param size    the length seen while planning, re-checked before writing
 * @param fileKey the identity (device, inode) seen while planning, re-checked before writing
 */
public record FilePlan(Path path, Outcome outcome, String reason, byte[] before, byte[] after, long size, Object fileKey) {

    /** A file left untouched, with why. */
    public static FilePlan skipped(Path path, Outcome outcome, String reason) {
        return new FilePlan(path, outcome, reason, null, null, -1, null);
    }

    /** The same plan with another outcome, e.g. when writing it failed. */
    public FilePlan withOutcome(Outcome outcome, String reason) {
        return new FilePlan(path, outcome, reason, before, after, size, fileKey);
    }
}
