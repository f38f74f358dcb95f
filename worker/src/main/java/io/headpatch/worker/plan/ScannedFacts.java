package io.headpatch.worker.plan;

/**
 * What the scan saw of a file, compared before patching so that a file changed or replaced since the scan is
 * left alone. Any value may be {@link #UNKNOWN}.
 *
 * @param size         length in bytes
 * @param mtimeMillis  last-modified time, epoch milliseconds
 * @param device       the filesystem's device, as {@link io.headpatch.worker.io.FileIdentity#device()}
 * @param inode        the inode: another inode at the path is another file
 */
public record ScannedFacts(long size, long mtimeMillis, long device, long inode) {

    public static final long UNKNOWN = -1;

    public static final ScannedFacts NONE = new ScannedFacts(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);

    /** Size and mtime only. */
    public ScannedFacts(long size, long mtimeMillis) {
        this(size, mtimeMillis, UNKNOWN, UNKNOWN);
    }
}
