package io.headpatch.job.scan;

/**
 * One row of the manifest.
 *
 * @param kind      f regular, l symbolic link, d directory, o other (FIFO, device, socket),
 *                  x not representable or not readable ({@code note} says why)
 * @param dev       st_dev of a regular file, with {@code ino} and {@code ctimeNanos} its identity for incremental
 *                  launches; null when not known
 * @param ctimeNanos st_ctime in nanoseconds since the epoch
 */
public record ScannedEntry(String path, Long size, Long mtimeMillis, char kind, String note, Long dev, Long ino,
                           Long ctimeNanos) {

    /** An entry without identity: not a regular file, or one the scan could not stat. */
    public ScannedEntry(String path, Long size, Long mtimeMillis, char kind, String note) {
        this(path, size, mtimeMillis, kind, note, null, null, null);
    }
}
