package io.headpatch.ops.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Files per second over an execution's time: the files decided each second, summed into at most {@link #BUCKETS}
 * equal slices of the run, each averaged with the {@link #SMOOTHING} slices up to it. The page draws the series with
 * axes (uPlot, from its WebJar); the points of an inline SVG polyline are the same line for a browser without scripts.
 *
 * @param offsets         each slice's start, in seconds since the first decided file
 * @param rates           each slice's files per second
 * @param points          "x,y x,y ..." in a {@link #WIDTH} × {@link #HEIGHT} box, y growing downwards
 * @param peakPerSecond   the highest slice's rate, the top of the chart
 * @param seconds         how long the chart spans
 */
public record ThroughputChart(long[] offsets, double[] rates, String points, double peakPerSecond, long seconds) {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 120;
    static final int BUCKETS = 60;
    static final int SMOOTHING = 5;

    /** @param decidedPerSecond (epoch second, files) in time order */
    static ThroughputChart of(List<long[]> decidedPerSecond) {
        if (decidedPerSecond.isEmpty()) {
            return new ThroughputChart(new long[0], new double[0], "", 0, 0);
        }
        long first = decidedPerSecond.get(0)[0];
        long span = decidedPerSecond.get(decidedPerSecond.size() - 1)[0] - first + 1;
        long width = Math.max(1, (span + BUCKETS - 1) / BUCKETS);
        int buckets = (int) ((span + width - 1) / width);
        double[] rates = new double[buckets];
        for (long[] second : decidedPerSecond) {
            rates[(int) ((second[0] - first) / width)] += second[1] / (double) width;
        }
        rates = smoothed(rates);
        double peak = 0;
        for (double rate : rates) {
            peak = Math.max(peak, rate);
        }
        long[] offsets = new long[buckets];
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < buckets; i++) {
            offsets[i] = i * width;
            double x = buckets == 1 ? WIDTH / 2.0 : i * (double) WIDTH / (buckets - 1);
            double y = HEIGHT - (peak == 0 ? 0 : rates[i] / peak * (HEIGHT - 4));
            points.append(points.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return new ThroughputChart(offsets, rates, points.toString(), peak, span);
    }

    /** The series as the page's script reads it from the chart's data attribute: "offsets;rates", each comma-separated. */
    public String series() {
        return Arrays.stream(offsets).mapToObj(Long::toString).collect(Collectors.joining(",")) + ";"
                + Arrays.stream(rates).mapToObj(r -> String.format(Locale.ROOT, "%.1f", r)).collect(Collectors.joining(","));
    }

    /** Each slice averaged with the ones before it: chunks commit in bursts, the chart should show the pace. */
    private static double[] smoothed(double[] rates) {
        double[] smoothed = new double[rates.length];
        double sum = 0;
        for (int i = 0; i < rates.length; i++) {
            sum += rates[i] - (i >= SMOOTHING ? rates[i - SMOOTHING] : 0);
            smoothed[i] = sum / Math.min(i + 1, SMOOTHING);
        }
        return smoothed;
    }
}
