package io.headpatch.job.scan;

/**
 * One row of the manifest.
 *
 * @param kind f regular, l symbolic link, d directory, o other (FIFO, device, socket),
 *             x not representable or not readable ({@code note} says why)
 */
public record ScannedEntry(String path, Long size, Long mtimeMillis, char kind, String note) {
}
