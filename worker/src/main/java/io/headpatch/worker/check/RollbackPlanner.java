package io.headpatch.worker.check;

import io.headpatch.worker.plan.HeaderRead;
import io.headpatch.worker.plan.HeaderReader;

import java.util.Arrays;

/**
 * Plans restoring a journaled original: where the header is the after-image, or a torn mix of the after-image and
 * the original (a crash in the middle of a write or of an earlier rollback). A header changed by someone else since
 * is a CONFLICT and stays untouched, unless the file's outcome already says headpatch left it alone. Reads only.
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
            return new RollbackPlan(file.file(), CheckOutcome.ALREADY_ORIGINAL, null, null, read.identity());
        }
        if (file.journal().explains(actual)) {
            String links = read.identity().hardLinks();
            return links == null ? new RollbackPlan(file.file(), CheckOutcome.ROLLED_BACK, null, before, read.identity())
                    : skip(file, CheckOutcome.CONFLICT, links + ": rollback writes only a file with one name " + file.images(actual));
        }
        return file.leftAlone()
                ? skip(file, CheckOutcome.UNTOUCHED, "outcome=" + file.outcome() + ": header changed by someone else " + file.images(actual))
                : skip(file, CheckOutcome.CONFLICT, "header is none of the original, the after-image or a mix of them: "
                        + file.images(actual));
    }

    private static RollbackPlan skip(JournaledFile file, CheckOutcome outcome, String reason) {
        return new RollbackPlan(file.file(), outcome, reason, null, null);
    }
}
