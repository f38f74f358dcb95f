package io.headpatch.worker.check;

import io.headpatch.worker.io.ConfinedFile;
import io.headpatch.worker.io.HeaderLock;
import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.FileKey;
import io.headpatch.worker.plan.HeaderRead;
import io.headpatch.worker.plan.HeaderReader;

import java.io.IOException;
import java.util.Arrays;

/**
 * Plans restoring a journaled original: where the header is the after-image, or a torn mix of the after-image and
 * the original (a crash in the middle of a write or of an earlier rollback), and the file is the one headpatch wrote
 * (the device and inode the journal recorded) with one name. A header changed by someone else since is a CONFLICT
 * and stays untouched, unless the file's outcome already says headpatch left it alone; so is another file at the
 * path, even with the same bytes (a copy renamed over it), and a file with more than one name. A journal row without
 * the written identity (from before it was recorded) is judged by its content and link count. An original header
 * whose lock another writer holds is a CONFLICT too: that writer may still write it. Reads only.
 */
public final class RollbackPlanner {

    private RollbackPlanner() {
    }

    public static RollbackPlan plan(JournaledFile file) {
        byte[] before = file.journal().before();
        HeaderRead read = HeaderReader.read(file.file(), before.length);
        if (!read.ok()) {
            return file.leftAlone()
                    ? skip(file, CheckOutcome.UNTOUCHED, "outcome=" + file.outcome() + ": " + read.failure() + ": " + read.reason())
                    : skip(file, CheckOutcome.UNREADABLE, read.failure() + ": " + read.reason() + " " + file.images(null));
        }
        byte[] actual = read.header();
        if (Arrays.equals(actual, before)) {
            String writing = writerHoldingLock(file, before.length);
            return writing == null ? new RollbackPlan(file.file(), CheckOutcome.ALREADY_ORIGINAL, null, null, read.identity())
                    : skip(file, CheckOutcome.CONFLICT, writing);
        }
        if (file.journal().explains(actual)) {
            String notOurs = notTheFileWritten(file.written(), read.identity());
            return notOurs == null ? new RollbackPlan(file.file(), CheckOutcome.ROLLED_BACK, null, before, read.identity())
                    : skip(file, CheckOutcome.CONFLICT, notOurs + ": rollback writes only the file it wrote, with one name "
                            + file.images(actual));
        }
        return file.leftAlone()
                ? skip(file, CheckOutcome.UNTOUCHED, "outcome=" + file.outcome() + ": header changed by someone else " + file.images(actual))
                : skip(file, CheckOutcome.CONFLICT, "header is none of the original, the after-image or a mix of them: "
                        + file.images(actual));
    }

    /**
     * An original header is final only if no writer holds the header's lock: one paused between its last checks and
     * its write (past its lease) would write it after this rollback. Null when none holds it.
     */
    private static String writerHoldingLock(JournaledFile file, int length) {
        try (ConfinedFile open = ConfinedFile.openForReading(file.file())) {
            return HeaderLock.heldByAnother(open, length)
                    ? "another process holds the header's write lock (a worker past its lease?); run rollback again once it has ended"
                    : null;
        } catch (IOException e) {
            return "cannot tell whether a writer holds the header: " + e.getMessage();
        }
    }

    /** Why {@code found} is not the file the journal says was written, or has other names; null when it is ours alone. */
    private static String notTheFileWritten(FileKey written, FileIdentity found) {
        String other = written == null ? null : written.otherThan(found.key());
        String links = found.hardLinks();
        return other == null ? links : links == null ? other : other + ", " + links;
    }

    private static RollbackPlan skip(JournaledFile file, CheckOutcome outcome, String reason) {
        return new RollbackPlan(file.file(), outcome, reason, null, null);
    }
}
