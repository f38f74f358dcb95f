package io.headpatch.job.scan;

/**
 * One row of the manifest.
 *
 * @param kind   f regular, l symbolic link, d directory, o other (FIFO, device, socket),
 *               g listed in a manifest but missing at scan time,
 *               x not representable or not readable ({@code note} says why)
 * @param device the regular file's device and {@code inode} its inode, as the scan saw them; null otherwise
 */
public record ScannedEntry(String path, Long size, Long mtimeMillis, char kind, String note, Long device, Long inode) {

    /** An entry that is not a regular file, or whose identity is unknown. */
    public ScannedEntry(String path, Long size, Long mtimeMillis, char kind, String note) {
        this(path, size, mtimeMillis, kind, note, null, null);
    }
}
