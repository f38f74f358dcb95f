package io.headpatch.worker.check;

import io.headpatch.worker.io.ConfinedFile;
import io.headpatch.worker.io.HeaderLock;
import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.FileKey;
import io.headpatch.worker.io.RootedPath;
import io.headpatch.worker.plan.JournalEntry;
import io.headpatch.worker.plan.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollback and verify over journaled headers: torn mixes, files without an outcome, someone else's header, another
 * file at the path or a second name of the written one.
 */
class RollbackPlannerTest {

    private static final byte[] ORIGINAL = "FILE-original-header-0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AFTER = "FILE-patched--header-9876543210".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aTornMixOfOriginalAndAfterImageIsRestored() throws Exception {
        // given: the first half restored, the second still the after-image (a rollback cut in the middle)
        byte[] torn = Arrays.copyOf(ORIGINAL, ORIGINAL.length);
        System.arraycopy(AFTER, 16, torn, 16, AFTER.length - 16);
        Path file = file("torn", torn);

        // when
        RollbackPlan plan = RollbackPlanner.plan(journaled(file, Outcome.PATCHED));

        // then
        assertThat(plan.outcome()).isEqualTo(CheckOutcome.ROLLED_BACK);
        assertThat(plan.original()).isEqualTo(ORIGINAL);
    }

    @Test
    void anOriginalHeaderAnotherWriterHoldsLockedIsAConflictNotFinal() throws Exception {
        // given: the original, locked by a writer that may still write it (one paused past its lease)
        Path file = file("held", ORIGINAL);
        try (ConfinedFile writer = ConfinedFile.openForWriting(RootedPath.of(file))) {
            HeaderLock.lock(writer, ORIGINAL.length);

            // when
            RollbackPlan plan = RollbackPlanner.plan(journaled(file, Outcome.PATCHED));

            // then
            assertThat(plan.outcome()).isEqualTo(CheckOutcome.CONFLICT);
            assertThat(plan.reason()).contains("holds the header's write lock", "run rollback again once it has ended");
        }

        // when it has let go
        RollbackPlan plan = RollbackPlanner.plan(journaled(file, Outcome.PATCHED));

        // then
        assertThat(plan.outcome()).isEqualTo(CheckOutcome.ALREADY_ORIGINAL);
    }

    @Test
    void aHeaderOfSomeoneElseIsAConflictListingBothImages() throws Exception {
        // given
        Path file = file("foreign", "XXXX-someone-else-wrote-this-00".getBytes(StandardCharsets.US_ASCII));

        // when
        RollbackPlan plan = RollbackPlanner.plan(journaled(file, null));

        // then
        assertThat(plan.outcome()).isEqualTo(CheckOutcome.CONFLICT);
        assertThat(plan.reason()).contains("actual=58585858").contains(" original=46494c45").contains(" after=46494c45");
    }

    @Test
    void aFileWithoutAnOutcomeStillHoldingTheAfterImageIsRestored() throws Exception {
        // given: written by a chunk whose commit never happened
        Path file = file("uncommitted", AFTER);

        // when
        RollbackPlan plan = RollbackPlanner.plan(journaled(file, null));

        // then
        assertThat(plan.outcome()).isEqualTo(CheckOutcome.ROLLED_BACK);
    }

    @Test
    void verifyCallsATornHeaderAMismatchWhateverTheOutcome() throws Exception {
        // given
        byte[] torn = Arrays.copyOf(AFTER, AFTER.length);
        System.arraycopy(ORIGINAL, 0, torn, 0, 10);
        Path file = file("torn-verify", torn);

        // when
        CheckResult result = HeaderVerifier.verify(journaled(file, Outcome.IO_ERROR));

        // then
        assertThat(result.outcome()).isEqualTo(CheckOutcome.MISMATCH);
        assertThat(result.reason()).startsWith("torn mix of original and after-image actual=");
    }

    @Test
    void aCopyWithTheSameBytesRenamedOverTheWrittenFileIsAConflictNamingBothInodes() throws Exception {
        // given: the file written, then a copy of it (a new inode, the same bytes) renamed over it
        Path file = file("replaced", AFTER);
        FileKey written = FileIdentity.of(file).key();
        Path copy = Files.copy(file, dir.resolve("replaced.copy"));
        Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
        long inode = FileIdentity.of(file).inode();

        // when
        RollbackPlan plan = RollbackPlanner.plan(journaled(file, written, Outcome.PATCHED));

        // then
        assertThat(plan.outcome()).isEqualTo(CheckOutcome.CONFLICT);
        assertThat(plan.reason()).startsWith("inode " + inode + " is not the written inode " + written.inode()
                + ": rollback writes only the file it wrote");
    }

    @Test
    void theWrittenFileWithASecondLinkIsAConflictNamingTheLinkCount() throws Exception {
        // given
        Path file = file("linked", AFTER);
        FileKey written = FileIdentity.of(file).key();
        Files.createLink(dir.resolve("second-name"), file);

        // when
        RollbackPlan plan = RollbackPlanner.plan(journaled(file, written, Outcome.PATCHED));

        // then
        assertThat(plan.outcome()).isEqualTo(CheckOutcome.CONFLICT);
        assertThat(plan.reason()).startsWith("2 hard links: ");
    }

    @Test
    void theWrittenFileWithOneLinkIsRestored() throws Exception {
        // given
        Path file = file("ours", AFTER);

        // when
        RollbackPlan plan = RollbackPlanner.plan(journaled(file, FileIdentity.of(file).key(), Outcome.PATCHED));

        // then
        assertThat(plan.outcome()).isEqualTo(CheckOutcome.ROLLED_BACK);
    }

    @Test
    void aJournalRowFromBeforeTheWrittenIdentityWasRecordedIsJudgedByContentAndLinks() throws Exception {
        // given: a copy renamed over the file, and a row without the written device and inode (journaled before V13)
        Path file = file("old-row", AFTER);
        Files.move(Files.copy(file, dir.resolve("old-row.copy")), file, StandardCopyOption.REPLACE_EXISTING);
        Path linked = file("old-row-linked", AFTER);
        Files.createLink(dir.resolve("old-row-second-name"), linked);

        // when
        RollbackPlan replaced = RollbackPlanner.plan(journaled(file, null, Outcome.PATCHED));
        RollbackPlan withTwoNames = RollbackPlanner.plan(journaled(linked, null, Outcome.PATCHED));

        // then
        assertThat(replaced.outcome()).isEqualTo(CheckOutcome.ROLLED_BACK);
        assertThat(withTwoNames.outcome()).isEqualTo(CheckOutcome.CONFLICT);
        assertThat(withTwoNames.reason()).startsWith("2 hard links: ");
    }

    private Path file(String name, byte[] header) throws Exception {
        byte[] content = new byte[500];
        System.arraycopy(header, 0, content, 0, header.length);
        return Files.write(dir.resolve(name), content);
    }

    private static JournaledFile journaled(Path file, Outcome outcome) throws Exception {
        return journaled(file, FileIdentity.of(file).key(), outcome);
    }

    private static JournaledFile journaled(Path file, FileKey written, Outcome outcome) {
        return new JournaledFile(RootedPath.of(file), new JournalEntry(ORIGINAL, AFTER), written, outcome);
    }
}
