package io.headpatch.worker.plan;

import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;

import static io.headpatch.worker.support.ProcessRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

class PatchPlannerTest {

    private static final long TIMESTAMP = 1_700_000_000_000L;

    private static PatchPlanner fhdr() throws Exception {
        return new PatchPlanner(HeaderSpec.resolve("fhdr-v1.3", Map.of()), TIMESTAMP);
    }

    static byte[] fhdrV12(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0x5a);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.put(0, new byte[] {'F', 'I', 'L', 'E'});
        b.order(ByteOrder.LITTLE_ENDIAN).putLong(8, 1_600_000_000_000L);
        b.order(ByteOrder.BIG_ENDIAN).putShort(62, (short) 0x0102);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 8, 56);
        b.putInt(4, (int) crc.getValue());
        return bytes;
    }

    @Test
    void aV12FileIsPlannedPatchedWithTheTargetHeader(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.write(dir.resolve("a.fhdr"), fhdrV12(700));

        // when
        FilePlan plan = fhdr().plan(file, ScannedFacts.NONE, null);

        // then
        assertThat(plan.outcome()).isEqualTo(Outcome.PATCHED);
        assertThat(plan.before()).isEqualTo(Arrays.copyOf(fhdrV12(700), 64));
        assertThat(ByteBuffer.wrap(plan.after()).getShort(62)).isEqualTo((short) 0x0103);
        assertThat(plan.size()).isEqualTo(700);
    }

    @Test
    void emptyAndShortFilesAreTooShort(@TempDir Path dir) throws Exception {
        // given
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path shorter = Files.write(dir.resolve("short"), Arrays.copyOf(fhdrV12(700), 40));

        // when
        FilePlan emptyPlan = fhdr().plan(empty, ScannedFacts.NONE, null);
        FilePlan shortPlan = fhdr().plan(shorter, ScannedFacts.NONE, null);

        // then
        assertThat(emptyPlan.outcome()).isEqualTo(Outcome.TOO_SHORT);
        assertThat(emptyPlan.reason()).isEqualTo("size=0 headerLength=64");
        assertThat(shortPlan.outcome()).isEqualTo(Outcome.TOO_SHORT);
        assertThat(shortPlan.reason()).isEqualTo("size=40 headerLength=64");
    }

    @Test
    void symlinksInsideAndOutsideTheTreeAreNotRegularAndNeverFollowed(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
        // given
        Path inside = Files.write(dir.resolve("target.fhdr"), fhdrV12(700));
        Path outside = Files.write(elsewhere.resolve("outside.fhdr"), fhdrV12(700));
        Path linkIn = Files.createSymbolicLink(dir.resolve("link-in"), inside);
        Path linkOut = Files.createSymbolicLink(dir.resolve("link-out"), outside);

        // when
        FilePlan in = fhdr().plan(linkIn, ScannedFacts.NONE, null);
        FilePlan out = fhdr().plan(linkOut, ScannedFacts.NONE, null);

        // then
        assertThat(in.outcome()).isEqualTo(Outcome.NOT_REGULAR);
        assertThat(in.reason()).contains("symbolic link");
        assertThat(out.outcome()).isEqualTo(Outcome.NOT_REGULAR);
        assertThat(Files.readAllBytes(inside)).isEqualTo(fhdrV12(700));
        assertThat(Files.readAllBytes(outside)).isEqualTo(fhdrV12(700));
    }

    @Test
    void aDirectoryIsNotRegular(@TempDir Path dir) throws Exception {
        // when
        FilePlan plan = fhdr().plan(Files.createDirectory(dir.resolve("sub")), ScannedFacts.NONE, null);

        // then
        assertThat(plan.outcome()).isEqualTo(Outcome.NOT_REGULAR);
        assertThat(plan.reason()).isEqualTo("directory");
    }

    @Test
    @Timeout(20)
    void aFifoIsNotRegularAndNeverBlocks(@TempDir Path dir) throws Exception {
        // given
        Path fifo = dir.resolve("pipe");
        run(dir, "mkfifo", fifo.toString());

        // when
        FilePlan plan = fhdr().plan(fifo, ScannedFacts.NONE, null);

        // then
        assertThat(plan.outcome()).isEqualTo(Outcome.NOT_REGULAR);
        assertThat(plan.reason()).contains("FIFO");
    }

    @Test
    void aMissingFileIsGone(@TempDir Path dir) throws Exception {
        // when
        FilePlan plan = fhdr().plan(dir.resolve("nope"), ScannedFacts.NONE, null);

        // then
        assertThat(plan.outcome()).isEqualTo(Outcome.GONE);
    }

    @Test
    void aGuardMismatchIsNotMatchingWithTheReason(@TempDir Path dir) throws Exception {
        // given
        byte[] bytes = fhdrV12(700);
        bytes[0] = 'X';
        Path file = Files.write(dir.resolve("x.fhdr"), bytes);

        // when
        FilePlan plan = fhdr().plan(file, ScannedFacts.NONE, null);

        // then
        assertThat(plan.outcome()).isEqualTo(Outcome.NOT_MATCHING);
        assertThat(plan.reason()).contains("offset=0").contains("46494c45");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void aSizeOrMtimeDifferentFromTheScanIsChangedSinceScan(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.write(dir.resolve("a.fhdr"), fhdrV12(700));
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));

        // when
        FilePlan size = fhdr().plan(file, new ScannedFacts(699, 1_000_000), null);
        FilePlan mtime = fhdr().plan(file, new ScannedFacts(700, 2_000_000), null);
        FilePlan same = fhdr().plan(file, new ScannedFacts(700, 1_000_000), null);

        // then
        assertThat(size.outcome()).isEqualTo(Outcome.CHANGED_SINCE_SCAN);
        assertThat(size.reason()).isEqualTo("size=700 scanned=699");
        assertThat(mtime.outcome()).isEqualTo(Outcome.CHANGED_SINCE_SCAN);
        assertThat(same.outcome()).isEqualTo(Outcome.PATCHED);
    }

    @Test
    void aTornHeaderWithItsJournalEntryIsRepaired(@TempDir Path dir) throws Exception {
        // given: the first half of the after-image landed, the second half did not
        Path file = Files.write(dir.resolve("a.fhdr"), fhdrV12(700));
        FilePlan original = fhdr().plan(file, ScannedFacts.NONE, null);
        JournalEntry journal = new JournalEntry(original.before(), original.after());
        byte[] torn = original.before();
        System.arraycopy(original.after(), 0, torn, 0, 8);
        byte[] content = Files.readAllBytes(file);
        System.arraycopy(torn, 0, content, 0, 64);
        Files.write(file, content);

        // when
        FilePlan plan = fhdr().plan(file, new ScannedFacts(700, 1), journal);

        // then: the mtime moved (we wrote it), so only the size is compared; the after-image is re-applied
        assertThat(plan.outcome()).isEqualTo(Outcome.REPAIRED);
        assertThat(plan.after()).isEqualTo(original.after());
    }

    @Test
    void aHeaderAtItsJournaledAfterImageIsAlreadyDone(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.write(dir.resolve("a.fhdr"), fhdrV12(700));
        FilePlan original = fhdr().plan(file, ScannedFacts.NONE, null);
        byte[] content = Files.readAllBytes(file);
        System.arraycopy(original.after(), 0, content, 0, 64);
        Files.write(file, content);

        // when
        FilePlan plan = fhdr().plan(file, ScannedFacts.NONE, new JournalEntry(original.before(), original.after()));

        // then
        assertThat(plan.outcome()).isEqualTo(Outcome.ALREADY_DONE);
    }

    @Test
    void aHeaderChangedBySomeoneElseIsNotTakenForTorn(@TempDir Path dir) throws Exception {
        // given: a byte that is neither the before- nor the after-byte
        Path file = Files.write(dir.resolve("a.fhdr"), fhdrV12(700));
        FilePlan original = fhdr().plan(file, ScannedFacts.NONE, null);
        byte[] content = Files.readAllBytes(file);
        content[20] ^= 0x01;
        Files.write(file, content);

        // when
        FilePlan plan = fhdr().plan(file, ScannedFacts.NONE, new JournalEntry(original.before(), original.after()));

        // then: planned afresh from the current bytes, never REPAIRED from a journal that does not explain them
        assertThat(plan.outcome()).isNotEqualTo(Outcome.REPAIRED);
    }

    /** A v1.3 header as the fhdr-v1.3 spec writes it: version 0x0103, a timestamp, a CRC32C over bytes 8-63. */
    static byte[] fhdrV13(int length, long timestamp) {
        byte[] bytes = fhdrV12(length);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.order(ByteOrder.BIG_ENDIAN).putShort(62, (short) 0x0103);
        b.order(ByteOrder.LITTLE_ENDIAN).putLong(8, timestamp);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 8, 56);
        b.order(ByteOrder.BIG_ENDIAN).putInt(4, (int) crc.getValue());
        return bytes;
    }

    @Test
    void aV13FileFromAnEarlierJobIsAlreadyDoneByTheDoneClause(@TempDir Path dir) throws Exception {
        // given: migrated by another job instance, so its timestamp differs from this job's target
        byte[] content = fhdrV13(900, TIMESTAMP - 86_400_000L);
        Path file = Files.write(dir.resolve("done.fhdr"), content);

        // when
        FilePlan plan = fhdr().plan(file, ScannedFacts.NONE, null);

        // then
        assertThat(plan.outcome()).isEqualTo(Outcome.ALREADY_DONE);
        assertThat(plan.reason()).isEqualTo(PatchPlanner.DONE_CLAUSE);
        assertThat(plan.after()).isEqualTo(Arrays.copyOf(content, 64));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void aV13FileWithABadChecksumIsNotDoneAndNotMatching(@TempDir Path dir) throws Exception {
        // given
        byte[] content = fhdrV13(900, TIMESTAMP - 86_400_000L);
        content[20] ^= 1;
        Path file = Files.write(dir.resolve("corrupt.fhdr"), content);

        // when
        FilePlan plan = fhdr().plan(file, ScannedFacts.NONE, null);

        // then
        assertThat(plan.outcome()).isEqualTo(Outcome.NOT_MATCHING);
        assertThat(plan.reason()).contains("guard offset=62");
    }

    @Test
    void aDoneChecksumGuardNamesTheChecksumThatFailed() throws Exception {
        // given
        HeaderSpec spec = HeaderSpec.load("""
                name: t
                headerLength: 8
                match:
                  - { offset: 0, type: u32be, crc32c: { from: 4, to: 8 } }
                set:
                  - { offset: 4, type: u8, value: 1 }
                """, "t.yaml", Map.of());
        byte[] header = new byte[8];

        // when
        String failure = spec.guardFailure(header);

        // then: CRC32C of four zero bytes is 0x48674bc7
        assertThat(failure).isEqualTo("guard offset=0 crc32c[4,8) expected=48674bc7 actual=00000000");
    }
}
