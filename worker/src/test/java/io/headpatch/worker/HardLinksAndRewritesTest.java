package io.headpatch.worker;

import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.check.JournaledFile;
import io.headpatch.worker.check.RollbackPlanner;
import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.RootedPath;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.plan.FilePlan;
import io.headpatch.worker.plan.JournalEntry;
import io.headpatch.worker.plan.Outcome;
import io.headpatch.worker.plan.PatchPlanner;
import io.headpatch.worker.plan.ScannedFacts;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.headpatch.worker.support.ProcessRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing reaches past the root through another name of a file, and the check before a write sees a rewrite that
 * kept the size and put the mtime back (the ctime moved).
 */
class HardLinksAndRewritesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void aFileHardLinkedFromOutsideTheRootIsNotWrittenNorRolledBack(IoMode io) throws Exception {
        // given: outside.gz outside the root, linked into it as root/linked.gz
        Path outside = gzip(dir, "outside");
        byte[] original = Files.readAllBytes(outside);
        RootedPath linked = linkedIntoRoot(outside);

        // when
        List<FilePlan> decided;
        try (HeaderPatcher patcher = new HeaderPatcher(planner(false), WriteOptions.builder().ioMode(io).build())) {
            decided = patcher.write(List.of(planner(false).planToWrite(linked, ScannedFacts.NONE, null)));
        }

        // then
        assertThat(decided.get(0).outcome()).isEqualTo(Outcome.NOT_REGULAR);
        assertThat(decided.get(0).reason()).isEqualTo("2 hard links");
        assertThat(Files.readAllBytes(outside)).isEqualTo(original);
    }

    @Test
    void allowedHardLinksAreWrittenButNeverRolledBack() throws Exception {
        // given
        Path outside = gzip(dir, "outside");
        byte[] original = Files.readAllBytes(outside);
        RootedPath linked = linkedIntoRoot(outside);

        // when
        List<FilePlan> decided;
        try (HeaderPatcher patcher = new HeaderPatcher(planner(true), WriteOptions.defaults())) {
            decided = patcher.write(List.of(planner(true).planToWrite(linked, ScannedFacts.NONE, null)));
        }
        FilePlan patched = decided.get(0);
        var rollback = RollbackPlanner.plan(new JournaledFile(linked, new JournalEntry(patched.before(), patched.after()),
                patched.identity().key(), Outcome.PATCHED));

        // then
        assertThat(patched.outcome()).isEqualTo(Outcome.PATCHED);
        assertThat(Files.readAllBytes(outside)).isNotEqualTo(original);
        assertThat(rollback.outcome()).isEqualTo(CheckOutcome.CONFLICT);
        assertThat(rollback.reason()).startsWith("2 hard links: ");
        run(dir, "gzip", "-t", outside.toString());
    }

    @Test
    void aLinkMadeBetweenPlanAndWriteStopsTheWrite() throws Exception {
        // given: planned with one name, then linked from outside the root before the write
        Path root = Files.createDirectory(dir.resolve("root"));
        Path file = gzip(root, "f");
        byte[] original = Files.readAllBytes(file);
        FilePlan plan = planner(false).planToWrite(RootedPath.under(file, List.of(root)), ScannedFacts.NONE, null);
        assertThat(plan.outcome()).isEqualTo(Outcome.PATCHED);
        Files.createLink(dir.resolve("elsewhere.gz"), file);

        // when
        List<FilePlan> decided;
        try (HeaderPatcher patcher = new HeaderPatcher(planner(false), WriteOptions.defaults())) {
            decided = patcher.write(List.of(plan));
        }

        // then
        assertThat(decided.get(0).outcome()).isEqualTo(Outcome.CHANGED_SINCE_SCAN);
        assertThat(decided.get(0).reason()).isEqualTo("links=2 expected=1");
        assertThat(Files.readAllBytes(file)).isEqualTo(original);
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void aSameSizeRewriteWithItsMtimePutBackIsNotOverwritten(IoMode io) throws Exception {
        // given: planned, then rewritten by someone else with the same size and its old mtime restored
        Path root = Files.createDirectory(dir.resolve("root"));
        Path file = gzip(root, "f");
        FileTime mtime = Files.getLastModifiedTime(file);
        FilePlan plan = planner(false).planToWrite(RootedPath.under(file, List.of(root)), ScannedFacts.NONE, null);
        assertThat(plan.outcome()).isEqualTo(Outcome.PATCHED);
        byte[] theirs = Files.readAllBytes(file);
        theirs[theirs.length - 1] ^= 1;
        // Until its ctime moved: a filesystem's clock may tick coarser than the plan and the rewrite are apart.
        long deadline = System.nanoTime() + 5_000_000_000L;
        do {
            Files.write(file, theirs);
            Files.setLastModifiedTime(file, mtime);
        } while (FileIdentity.of(file).ctimeNanos() == plan.identity().ctimeNanos() && System.nanoTime() < deadline);

        // when
        List<FilePlan> decided;
        try (HeaderPatcher patcher = new HeaderPatcher(planner(false), WriteOptions.builder().ioMode(io).build())) {
            decided = patcher.write(List.of(plan));
        }

        // then
        assertThat(decided.get(0).outcome()).isEqualTo(Outcome.CHANGED_SINCE_SCAN);
        assertThat(decided.get(0).reason()).startsWith("ctime=");
        assertThat(Files.readAllBytes(file)).isEqualTo(theirs);
    }

    /** root/linked.gz, a second name of {@code outside}. */
    private RootedPath linkedIntoRoot(Path outside) throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createLink(root.resolve("linked.gz"), outside);
        return RootedPath.under(root.resolve("linked.gz"), List.of(root));
    }

    private static PatchPlanner planner(boolean allowHardLinks) throws Exception {
        return new PatchPlanner(HeaderSpec.resolve("gzip-mtime", Map.of()), 0, allowHardLinks);
    }

    private static Path gzip(Path folder, String name) throws Exception {
        byte[] data = new byte[300 + new Random(name.hashCode()).nextInt(2_000)];
        new Random(name.hashCode()).nextBytes(data);
        Files.write(folder.resolve(name), data);
        run(folder, "gzip", "-n", name);
        // A non-zero MTIME field, so that gzip-mtime has something to patch.
        byte[] gz = Files.readAllBytes(folder.resolve(name + ".gz"));
        gz[4] = 1;
        Files.write(folder.resolve(name + ".gz"), gz);
        return folder.resolve(name + ".gz");
    }
}
