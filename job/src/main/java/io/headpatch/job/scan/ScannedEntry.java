package io.headpatch.job.scan;

/**
 * One row of the manifest.
 *
 * @param note   why a file is {@link FileKind#UNREADABLE} or {@link FileKind#MISSING}
 * @param device the regular file's device and {@code inode} its inode, as the scan saw them; null otherwise
 */
public record ScannedEntry(String path, Long size, Long mtimeMillis, FileKind kind, String note, Long device, Long inode) {

    /** An entry that is not a regular file, or whose identity is unknown. */
    public ScannedEntry(String path, Long size, Long mtimeMillis, FileKind kind, String note) {
        this(path, size, mtimeMillis, kind, note, null, null);
    }
}
