package io.headpatch.worker.check;

import io.headpatch.worker.plan.HeaderRead;
import io.headpatch.worker.plan.HeaderReader;
import io.headpatch.worker.plan.Hex;
import io.headpatch.worker.plan.JournalEntry;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Plans restoring a journaled original: only where the header still equals the after-image we
 * wrote; a header changed by someone else since is a CONFLICT and stays untouched. Reads only.
 */
public final class RollbackPlanner {

    private RollbackPlanner() {
    }

    public static RollbackPlan plan(Path path, JournalEntry journal) {
        byte[] before = journal.before();
        byte[] after = journal.after();
        HeaderRead read = HeaderReader.read(path, before.length);
        if (!read.ok()) {
            return new RollbackPlan(path, CheckOutcome.UNREADABLE, read.failure() + ": " + read.reason(), null, -1, null);
        }
        if (Arrays.equals(read.header(), before)) {
            return new RollbackPlan(path, CheckOutcome.ALREADY_ORIGINAL, null, null, read.size(), read.fileKey());
        }
        if (Arrays.equals(read.header(), after)) {
            return new RollbackPlan(path, CheckOutcome.ROLLED_BACK, null, before, read.size(), read.fileKey());
        }
        return new RollbackPlan(path, CheckOutcome.CONFLICT,
                "header is neither the after-image nor the original: actual=" + Hex.of(read.header())
                        + " after=" + Hex.of(after), null, read.size(), read.fileKey());
    }
}
