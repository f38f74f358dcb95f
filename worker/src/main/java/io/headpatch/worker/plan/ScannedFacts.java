package io.headpatch.worker.plan;

/**
 * What the scan saw of a file, compared before patching so that a file changed since the scan is
 * left alone. Either value may be {@link #UNKNOWN}.
 *
 * @param size         length in bytes
 * @param mtimeMillis  last-modified time, epoch milliseconds
 */
public record ScannedFacts(long size, long mtimeMillis) {

    public static final long UNKNOWN = -1;

    public static final ScannedFacts NONE = new ScannedFacts(UNKNOWN, UNKNOWN);
}
