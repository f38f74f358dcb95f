package io.headpatch.job.scan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandOffSinkTest {

    private static ScannedEntry entry(int i) {
        return new ScannedEntry("/t/" + i, 1L, 1L, FileKind.REGULAR, null);
    }

    @Test
    void everyEntryReachesTheSinkInWalkOrderBeforeFinishReturns() {
        // given
        List<String> seen = new ArrayList<>();
        HandOffSink handOff = new HandOffSink(entry -> seen.add(entry.path()));

        // when
        IntStream.range(0, 100_003).forEach(i -> handOff.accept(entry(i)));
        handOff.finish();

        // then
        assertThat(seen).hasSize(100_003);
        assertThat(seen).isEqualTo(IntStream.range(0, 100_003).mapToObj(i -> "/t/" + i).toList());
    }

    @Test
    void aFailingSinkStopsTheWalkWithItsOwnException() {
        // given: a sink that fails at its 1,000th entry
        List<String> seen = new ArrayList<>();
        HandOffSink handOff = new HandOffSink(entry -> {
            if (seen.size() == 1_000) {
                throw new IllegalStateException("COPY failed: disk full");
            }
            seen.add(entry.path());
        });

        // when / then: the walk sees it at a later entry, or at the latest when it finishes
        assertThatThrownBy(() -> {
            try (handOff) {
                IntStream.range(0, 1_000_000).forEach(i -> handOff.accept(entry(i)));
                handOff.finish();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("COPY failed: disk full");
        assertThat(seen).hasSize(1_000);
    }

    @Test
    void aFailedWalkEndsTheSinkThread() {
        // given
        List<String> seen = new ArrayList<>();
        HandOffSink handOff = new HandOffSink(entry -> seen.add(entry.path()));

        // when: the walk fails after 700 entries and the handoff is closed without finishing
        try (handOff) {
            IntStream.range(0, 700).forEach(i -> handOff.accept(entry(i)));
        }

        // then: close returned, so the thread has ended; what was handed over was taken, the unhanded rest not
        assertThat(seen).hasSize(512);
    }

    @Test
    void anInterruptedWalkStillWaitsForTheSinkBeforeItsConnectionIsGivenBack() {
        // given: a sink slower than the walk
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        HandOffSink handOff = new HandOffSink(entry -> {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000);
            seen.add(entry.path());
        });
        IntStream.range(0, 5_000).forEach(i -> handOff.accept(entry(i)));

        // when: the walking thread is interrupted, then closes
        Thread.currentThread().interrupt();
        handOff.close();

        // then: every batch handed over was taken before close returned, and the interrupt is kept
        assertThat(Thread.interrupted()).isTrue();
        assertThat(seen).hasSize(4_608);
    }
}
