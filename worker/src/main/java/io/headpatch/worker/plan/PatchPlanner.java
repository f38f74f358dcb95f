package io.headpatch.worker.plan;

import io.headpatch.worker.io.ConfinedFile;
import io.headpatch.worker.io.FileAccessException;
import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.RootedPath;
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
    private final boolean allowHardLinks;

    /** A planner that leaves every file with more than one hard link alone (NOT_REGULAR). */
    public PatchPlanner(HeaderSpec spec, long jobTimestampMillis) {
        this(spec, jobTimestampMillis, false);
    }

    /**
     * @param jobTimestampMillis the value of {@code ${job.timestamp}}, fixed once per job instance so
     *                           that a re-run computes the same bytes
     * @param allowHardLinks     whether a file with more than one hard link may be written: its other names may lie
     *                           outside the root, where any user who could write in the tree may have linked it
     */
    public PatchPlanner(HeaderSpec spec, long jobTimestampMillis, boolean allowHardLinks) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.jobTimestampMillis = jobTimestampMillis;
        this.allowHardLinks = allowHardLinks;
    }

    public HeaderSpec spec() {
        return spec;
    }

    /** As {@link #plan(RootedPath, ScannedFacts, JournalEntry)}, for a file below the folder that holds it. */
    public FilePlan plan(Path path, ScannedFacts scanned, JournalEntry journal) {
        return plan(RootedPath.of(path), scanned, journal);
    }

    /**
     * Plans through a read-only descriptor, closed before this returns.
     *
     * @param scanned what the scan saw, or {@link ScannedFacts#NONE}
     * @param journal this job instance's journal entry of the file, or null when there is none
     */
    public FilePlan plan(RootedPath file, ScannedFacts scanned, JournalEntry journal) {
        return decide(file, HeaderReader.read(file, spec.headerLength()), scanned, journal);
    }

    /**
     * Plans through a descriptor opened for the write too ({@link ConfinedFile#openForPatching}): a plan that writes
     * keeps it ({@link FilePlan#kept()}), so the file is opened once; write that plan, or {@link FilePlan#close()
     * close} it. Any other plan has closed it already. Past the process's budget of kept descriptors it plans as
     * {@link #plan} does, and the write opens the file again.
     */
    public FilePlan planToWrite(RootedPath file, ScannedFacts scanned, JournalEntry journal) {
        ConfinedFile open;
        try {
            open = ConfinedFile.openForPatching(file);
        } catch (FileAccessException e) {
            return FilePlan.skipped(file, HeaderReader.outcome(e), e.getMessage());
        }
        if (open == null) {
            return plan(file, scanned, journal);
        }
        FilePlan plan = decide(file, HeaderReader.read(open, spec.headerLength()), scanned, journal).keeping(open);
        if (plan.outcome().needsWrite()) {
            return plan;
        }
        plan.close();
        return plan.keeping(null);
    }

    private FilePlan decide(RootedPath file, HeaderRead read, ScannedFacts scanned, JournalEntry journal) {
        if (!read.ok()) {
            return FilePlan.skipped(file, read.failure(), read.reason());
        }
        if (!allowHardLinks && read.identity().hardLinks() != null) {
            return FilePlan.skipped(file, Outcome.NOT_REGULAR, read.identity().hardLinks());
        }
        // A journaled file was written by this job instance, so its mtime moved: compare the size only.
        String changed = changedSinceScan(read.identity(), scanned, journal == null);
        if (changed != null) {
            return FilePlan.skipped(file, Outcome.CHANGED_SINCE_SCAN, changed);
        }
        byte[] current = read.header();
        if (journal != null) {
            return planJournaled(file, read, journal, current);
        }
        if (spec.isDone(current)) {
            // Already migrated (e.g. at the new version with a valid checksum), although this job's target may differ.
            return plan(file, read, Outcome.ALREADY_DONE, DONE_CLAUSE, current, current);
        }
        byte[] target;
        try {
            target = spec.target(current, read.size(), jobTimestampMillis);
        } catch (SpecValueException e) {
            return FilePlan.skipped(file, Outcome.NOT_MATCHING, e.getMessage());
        }
        if (Arrays.equals(current, target)) {
            // Also when a guard no longer holds: a version bump's guard names the old version.
            return plan(file, read, Outcome.ALREADY_DONE, null, current, current);
        }
        String guardFailure = spec.guardFailure(current);
        if (guardFailure != null) {
            return FilePlan.skipped(file, Outcome.NOT_MATCHING, guardFailure);
        }
        return plan(file, read, Outcome.PATCHED, null, current, target);
    }

    /**
     * A file this instance journaled (and may have written) before a crash: only the journaled original, the
     * after-image or a torn mix of the two are ours. Anything else was written by someone else since; it is never
     * re-planned from its current bytes, which would write a second after-image the journal does not hold.
     */
    private static FilePlan planJournaled(RootedPath file, HeaderRead read, JournalEntry journal, byte[] current) {
        if (journal.isAfter(current)) {
            return plan(file, read, Outcome.ALREADY_DONE, null, current, current);
        }
        if (journal.isBefore(current)) {
            // The original is already journaled: write exactly its after-image, never a second one.
            return plan(file, read, Outcome.PATCHED, null, current, journal.after());
        }
        if (journal.explains(current)) {
            return plan(file, read, Outcome.REPAIRED, "torn header re-applied from the journal",
                    journal.before(), journal.after());
        }
        return FilePlan.skipped(file, Outcome.CHANGED_SINCE_SCAN,
                "header changed by someone else since it was journaled: actual=" + Hex.of(current)
                        + " original=" + Hex.of(journal.before()) + " after=" + Hex.of(journal.after()));
    }

    private static FilePlan plan(RootedPath file, HeaderRead read, Outcome outcome, String reason, byte[] before, byte[] after) {
        return new FilePlan(file, outcome, reason, before, after, read.identity(), null);
    }

    private static String changedSinceScan(FileIdentity read, ScannedFacts scanned, boolean compareMtime) {
        if (scanned.inode() != ScannedFacts.UNKNOWN
                && (scanned.inode() != read.inode() || scanned.device() != read.device())) {
            return "file replaced since the scan: device=" + read.device() + " inode=" + read.inode()
                    + " scanned device=" + scanned.device() + " inode=" + scanned.inode();
        }
        if (scanned.size() != ScannedFacts.UNKNOWN && scanned.size() != read.size()) {
            return "size=" + read.size() + " scanned=" + scanned.size();
        }
        if (compareMtime && scanned.mtimeMillis() != ScannedFacts.UNKNOWN && scanned.mtimeMillis() != read.mtimeMillis()) {
            return "mtime=" + read.mtimeMillis() + " scanned=" + scanned.mtimeMillis();
        }
        return null;
    }
}
