package io.headpatch.job.scan;

/**
 * One row of the manifest.
 *
 * @param note       why a file is {@link FileKind#UNREADABLE} or {@link FileKind#MISSING}
 * @param device     the regular file's device, with {@code inode} and {@code ctimeNanos} its identity as the scan saw
 *                   it (compared with the descriptor opened for planning, and by incremental launches); null otherwise
 * @param ctimeNanos st_ctime in nanoseconds since the epoch
 */
public record ScannedEntry(String path, Long size, Long mtimeMillis, FileKind kind, String note, Long device, Long inode,
                           Long ctimeNanos) {

    /** An entry that is not a regular file, or whose identity is unknown. */
    public ScannedEntry(String path, Long size, Long mtimeMillis, FileKind kind, String note) {
        this(path, size, mtimeMillis, kind, note, null, null, null);
    }
}
