package io.headpatch.worker.plan;

import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.RootedPath;

import java.nio.file.Path;

/**
 * The planned outcome of one file. For {@link Outcome#PATCHED} and {@link Outcome#REPAIRED},
 * {@code before} is the header to journal as the original and {@code after} the header to write;
 * for {@link Outcome#ALREADY_DONE} both hold the current header; otherwise they may be null.
 *
 * @param identity device, inode, size and mtime of the descriptor read while planning, re-checked on the
 *                 descriptor opened for writing; null when the file was not read
 */
public record FilePlan(RootedPath file, Outcome outcome, String reason, byte[] before, byte[] after, FileIdentity identity) {

    /** A file left untouched, with why. */
    public static FilePlan skipped(RootedPath file, Outcome outcome, String reason) {
        return new FilePlan(file, outcome, reason, null, null, null);
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
        return new FilePlan(file, outcome, reason, before, after, identity);
    }
}
