package io.headpatch.job.scan;

import io.headpatch.job.scan.BaselineFiles.CarriedRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BaselineFilesTest {

    private static ScannedEntry regular(String path, long inode, long mtime) {
        return new ScannedEntry(path, 64L, mtime, FileKind.REGULAR, null, 2049L, inode, mtime * 1_000_000 + 7);
    }

    private static long[] identity(long inode, long mtime) {
        return BaselineFiles.identityOf(regular("any", inode, mtime));
    }

    @Test
    void carriedRowsComeBackAsRunsThatNeverSpanAnUncarriedRowOrASegmentBoundary() {
        // given: the baseline's own rows 1..6 (3 can never be unchanged), then two ranges it carried from manifest 7
        BaselineFiles files = new BaselineFiles(12);
        files.startSegment(10);
        for (long id = 1; id <= 6; id++) {
            files.add(id, "/t/own" + id, id == 3 ? null : identity(id, 1000 + id));
        }
        files.startSegment(7);
        for (long id = 100; id <= 103; id++) {
            files.add(id, "/t/a" + id, identity(id, 1000 + id));
        }
        files.startSegment(7);
        files.add(200, "/t/b200", identity(200, 1200));
        files.add(201, "/t/b201", identity(201, 1201));

        // when: the walk finds all but own6 (touched) unchanged, and the ineligible own3 as it was
        long[] walked = {1, 2, 3, 4, 5};
        for (long id : walked) {
            files.carry(regular("/t/own" + id, id, 1000 + id));
        }
        boolean touched = files.carry(regular("/t/own6", 6, 2000));
        for (long id = 100; id <= 103; id++) {
            files.carry(regular("/t/a" + id, id, 1000 + id));
        }
        files.carry(regular("/t/b200", 200, 1200));
        files.carry(regular("/t/b201", 201, 1201));

        // then
        assertThat(touched).isFalse();
        assertThat(files.carriedCount()).isEqualTo(10);
        assertThat(files.carriedRanges()).containsExactly(
                new CarriedRange(10, 1, 2, 2), new CarriedRange(10, 4, 5, 2),
                new CarriedRange(7, 100, 103, 4), new CarriedRange(7, 200, 201, 2));
    }

    @Test
    void onlyTheSamePathWithTheSameIdentityIsCarriedAndOnlyOnce() {
        // given
        BaselineFiles files = new BaselineFiles(4);
        files.startSegment(1);
        files.add(1, "/t/x", identity(11, 5000));
        files.add(2, "/t/y", identity(12, 5000));

        // then: another inode (a file replaced), another mtime, another path, another kind: planned
        assertThat(files.carry(regular("/t/x", 99, 5000))).isFalse();
        assertThat(files.carry(regular("/t/x", 11, 5001))).isFalse();
        assertThat(files.carry(regular("/t/z", 11, 5000))).isFalse();
        assertThat(files.carry(new ScannedEntry("/t/y", 64L, 5000L, FileKind.SYMBOLIC_LINK, null))).isFalse();
        // the same file twice (overlapping roots): carried once, the second listed
        assertThat(files.carry(regular("/t/x", 11, 5000))).isTrue();
        assertThat(files.carry(regular("/t/x", 11, 5000))).isFalse();
        assertThat(files.carriedRanges()).containsExactly(new CarriedRange(1, 1, 1, 1));
    }

    @Test
    void aPathTheBaselineListedTwiceIsNeverCarried() {
        // given: one file under two overlapping roots in the baseline
        BaselineFiles files = new BaselineFiles(3);
        files.startSegment(1);
        files.add(1, "/t/dup", identity(21, 7000));
        files.add(2, "/t/dup", identity(21, 7000));
        files.add(3, "/t/one", identity(22, 7000));

        // then
        assertThat(files.carry(regular("/t/dup", 21, 7000))).isFalse();
        assertThat(files.carry(regular("/t/one", 22, 7000))).isTrue();
        assertThat(files.carriedRanges()).containsExactly(new CarriedRange(1, 3, 3, 1));
    }

    @Test
    void aPathMadeToCollideWithABaselinePathIsNotCarriedForIt() {
        // given: a pair that collides in a multiply-xorshift hash whatever its seed (bit 63 of one 4-character word
        // flipped, bits 63 and 34 of the next), the same identity (a hard link the baseline did not list)
        String listed = "/srv/data/abcdefgh.bin";
        String crafted = "/srv/data/a\u8062cda\u8066gh.bin";
        for (int scan = 0; scan < 1_000; scan++) {
            BaselineFiles files = new BaselineFiles(1);
            files.startSegment(1);
            files.add(1, listed, identity(31, 9000));

            // then
            assertThat(files.carry(regular(crafted, 31, 9000))).as("scan %d", scan).isFalse();
            assertThat(files.carry(regular(listed, 31, 9000))).as("scan %d", scan).isTrue();
        }
    }
}
