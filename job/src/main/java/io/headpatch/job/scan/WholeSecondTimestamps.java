package io.headpatch.job.scan;

import java.util.function.Consumer;

/**
 * Watches the walk of an incremental launch for a filesystem that keeps whole-second timestamps (FAT, some network
 * and older filesystems): there, a rewrite within the same second that keeps the size keeps the identity an
 * incremental launch compares, so it can be missed. Seen when no regular file has a fraction of a second in its ctime.
 */
final class WholeSecondTimestamps implements Consumer<ScannedEntry> {

    /** Enough files that all of them falling on a whole second by chance is out of the question. */
    private static final int SAMPLE = 16;

    private final Consumer<ScannedEntry> sink;
    private long regular;
    private boolean fractional;

    WholeSecondTimestamps(Consumer<ScannedEntry> sink) {
        this.sink = sink;
    }

    @Override
    public void accept(ScannedEntry entry) {
        if (!fractional && entry.ctimeNanos() != null) {
            regular++;
            fractional = entry.ctimeNanos() % 1_000_000_000L != 0;
        }
        sink.accept(entry);
    }

    /** Whether every one of at least {@value #SAMPLE} regular files had a whole-second ctime. */
    boolean seen() {
        return !fractional && regular >= SAMPLE;
    }
}
