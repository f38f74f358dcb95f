package io.headpatch.job.scan;

/** One row of the manifest; {@code note} says why a file is {@link FileKind#UNREADABLE}. */
public record ScannedEntry(String path, Long size, Long mtimeMillis, FileKind kind, String note) {
}
