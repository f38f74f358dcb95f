package io.headpatch.worker.plan;

import io.headpatch.worker.spec.HeaderSpec;
import io.headpatch.worker.spec.SpecValueException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decides what to do with one file: exactly one {@link Outcome}, and for a write the bytes before
 * and after. Reads only; never writes. Thread-safe.
 */
public final class PatchPlanner {

    /** The reason of an ALREADY_DONE decided by the spec's {@code done:} checks rather than by equality with the target. */
    public static final String DONE_CLAUSE = "done: every check holds";

    private final HeaderSpec spec;
    private final long jobTimestampMillis;

    /**
     * @param jobTimestampMillis the value of {@code ${job.timestamp}}, fixed once per job instance so
     *                           that a re-run computes the same bytes
     */
    public PatchPlanner(HeaderSpec spec, long jobTimestampMillis) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.jobTimestampMillis = jobTimestampMillis;
    }

    public HeaderSpec spec() {
        return spec;
    }

    /**
     * @param scanned what the scan saw, or {@link ScannedFacts#NONE}
     * @param journal this job instance's journal entry of the file, or null when there is none
     */
    public FilePlan plan(Path path, ScannedFacts scanned, JournalEntry journal) {
        HeaderRead read = HeaderReader.read(path, spec.headerLength());
        if (!read.ok()) {
            return FilePlan.skipped(path, read.failure(), read.reason());
        }
        // A journaled file was written by this job instance, so its mtime moved: compare the size only.
        String changed = changedSinceScan(read, scanned, journal == null);
        if (changed != null) {
            return FilePlan.skipped(path, Outcome.CHANGED_SINCE_SCAN, changed);
        }
        byte[] current = read.header();
        if (journal != null) {
            if (journal.isAfter(current)) {
                return plan(path, read, Outcome.ALREADY_DONE, null, current, current);
            }
            if (!journal.isBefore(current) && journal.explains(current)) {
                return plan(path, read, Outcome.REPAIRED, "torn header re-applied from the journal",
                        journal.before(), journal.after());
            }
        }
        if (spec.isDone(current)) {
            // Already migrated (e.g. at the new version with a valid checksum), although this job's target may differ.
            return plan(path, read, Outcome.ALREADY_DONE, DONE_CLAUSE, current, current);
        }
        byte[] target;
        try {
            target = spec.target(current, read.size(), jobTimestampMillis);
        } catch (SpecValueException e) {
            return FilePlan.skipped(path, Outcome.NOT_MATCHING, e.getMessage());
        }
        if (Arrays.equals(current, target)) {
            // Also when a guard no longer holds: a version bump's guard names the old version.
            return plan(path, read, Outcome.ALREADY_DONE, null, current, current);
        }
        String guardFailure = spec.guardFailure(current);
        if (guardFailure != null) {
            return FilePlan.skipped(path, Outcome.NOT_MATCHING, guardFailure);
        }
        if (journal != null && journal.isBefore(current)) {
            // The original is already journaled: write exactly its after-image, never a second one.
            target = journal.after();
        }
        return plan(path, read, Outcome.PATCHED, null, current, target);
    }

    private static FilePlan plan(Path path, HeaderRead read, Outcome outcome, String reason, byte[] before, byte[] after) {
        return new FilePlan(path, outcome, reason, before, after, read.size(), read.fileKey());
    }

    private static String changedSinceScan(HeaderRead read, ScannedFacts scanned, boolean compareMtime) {
        if (scanned.size() != ScannedFacts.UNKNOWN && scanned.size() != read.size()) {
            return "size=" + read.size() + " scanned=" + scanned.size();
        }
        if (compareMtime && scanned.mtimeMillis() != ScannedFacts.UNKNOWN && scanned.mtimeMillis() != read.mtimeMillis()) {
            return "mtime=" + read.mtimeMillis() + " scanned=" + scanned.mtimeMillis();
        }
        return null;
    }
}
