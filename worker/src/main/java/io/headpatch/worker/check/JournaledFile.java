package io.headpatch.worker.check;

import io.headpatch.worker.io.FileKey;
import io.headpatch.worker.io.RootedPath;
import io.headpatch.worker.plan.Hex;
import io.headpatch.worker.plan.JournalEntry;
import io.headpatch.worker.plan.Outcome;

import java.util.Set;

/**
 * One file of a job instance's journal, as verify and rollback take it: every journaled file, whatever its
 * outcome row says, or with none (a chunk cut by a crash and never restarted).
 *
 * @param written the device and inode of the file the header was written to (journaled before the write), or null
 *                for a row journaled before they were recorded (schema V13)
 * @param outcome the file's recorded outcome, or null when none was committed
 */
public record JournaledFile(RootedPath file, JournalEntry journal, FileKey written, Outcome outcome) {

    /** Outcomes that say headpatch did not leave its header on the file: someone else's change there is not a problem. */
    private static final Set<Outcome> LEFT_ALONE = Set.of(Outcome.CHANGED_SINCE_SCAN, Outcome.GONE, Outcome.NOT_REGULAR);

    boolean leftAlone() {
        return outcome != null && LEFT_ALONE.contains(outcome);
    }

    boolean claimedDone() {
        return outcome != null && outcome.isDone();
    }

    /** Both journaled images, and the current header when there is one, for a reason. */
    String images(byte[] actual) {
        return (actual == null ? "" : "actual=" + Hex.of(actual) + " ")
                + "original=" + Hex.of(journal.before()) + " after=" + Hex.of(journal.after());
    }
}
