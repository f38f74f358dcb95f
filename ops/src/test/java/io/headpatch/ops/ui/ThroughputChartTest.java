package io.headpatch.ops.ui;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ThroughputChartTest {

    @Test
    void aSteadyRunIsAFlatLineAtItsRate() {
        // given 100 files every second for 10 s
        List<long[]> seconds = new ArrayList<>();
        for (long s = 0; s < 10; s++) {
            seconds.add(new long[] {1_000 + s, 100});
        }

        // when
        ThroughputChart chart = ThroughputChart.of(seconds);

        // then
        assertThat(chart.peakPerSecond()).isEqualTo(100.0);
        assertThat(chart.seconds()).isEqualTo(10);
        assertThat(chart.points().split(" ")).hasSize(10).allSatisfy(point -> assertThat(point).endsWith(",4.0"));
    }

    @Test
    void aLongRunIsSummedIntoAtMostSixtySlices() {
        // given one hour, one file a second
        List<long[]> seconds = new ArrayList<>();
        for (long s = 0; s < 3_600; s++) {
            seconds.add(new long[] {s, 1});
        }

        // when
        ThroughputChart chart = ThroughputChart.of(seconds);

        // then
        assertThat(chart.points().split(" ")).hasSize(ThroughputChart.BUCKETS);
        assertThat(chart.peakPerSecond()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void nothingDecidedIsAnEmptyChart() {
        // given / when
        ThroughputChart chart = ThroughputChart.of(List.of());

        // then
        assertThat(chart.points()).isEmpty();
        assertThat(chart.peakPerSecond()).isZero();
    }
}
