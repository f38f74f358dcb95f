package io.headpatch.perf.bench;

import java.util.Map;

/**
 * One line of the results table.
 *
 * @param filesPerSecond files per second of wall time, extrapolated from a sample for the peer
 * @param dbShare        the share of the working threads' time spent inside JDBC, or null where there is no database
 * @param figures        everything the contestant reported, for the JSON
 */
record Row(String contestant, long files, double seconds, double filesPerSecond, Long peakRssBytes, Long peakHeapBytes,
           Long maxHeapAfterGcBytes, Long maxMappings, Double dbShare, String note, Map<String, Object> figures) {

    static Row of(String contestant, Map<String, Object> figures, long files, double seconds, Double dbShare, String note) {
        return new Row(contestant, files, seconds, files / seconds, number(figures, "peakRssBytes"),
                number(figures, "peakHeapBytes"), number(figures, "maxHeapAfterGcBytes"), number(figures, "maxMappings"),
                dbShare, note, figures);
    }

    static Long number(Map<String, Object> figures, String key) {
        Object value = figures.get(key);
        return value == null ? null : ((Number) value).longValue();
    }

    static double seconds(Map<String, Object> figures, String key) {
        return ((Number) figures.get(key)).doubleValue();
    }
}
