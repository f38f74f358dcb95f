package io.headpatch.job.scan;

import io.headpatch.job.scan.FileKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A walk whose every file has a whole-second ctime is told apart from one on a filesystem with finer timestamps. */
class WholeSecondTimestampsTest {

    @Test
    void wholeSecondsOnEveryFileAreSeenAndOneFractionIsEnoughToClearIt() {
        // given
        List<ScannedEntry> passed = new ArrayList<>();
        WholeSecondTimestamps coarse = new WholeSecondTimestamps(passed::add);
        WholeSecondTimestamps fine = new WholeSecondTimestamps(passed::add);
        WholeSecondTimestamps few = new WholeSecondTimestamps(passed::add);

        // when
        for (int i = 0; i < 100; i++) {
            coarse.accept(file(i, 1_700_000_000_000_000_000L + i * 1_000_000_000L));
            fine.accept(file(i, 1_700_000_000_000_000_000L + i * 1_000_000_000L + (i == 50 ? 1 : 0)));
        }
        for (int i = 0; i < 3; i++) {
            few.accept(file(i, 1_700_000_000_000_000_000L));
        }

        // then
        assertThat(coarse.seen()).isTrue();
        assertThat(fine.seen()).isFalse();
        assertThat(few.seen()).as("too few files to tell").isFalse();
        assertThat(passed).hasSize(203);
    }

    private static ScannedEntry file(int i, long ctimeNanos) {
        return new ScannedEntry("/r/f" + i, 10L, ctimeNanos / 1_000_000, FileKind.REGULAR, null, 1L, (long) i, ctimeNanos);
    }
}
