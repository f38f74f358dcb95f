package io.headpatch.worker.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One planned header write: the bytes to put at offset 0 of {@code path}, and what the file must still
 * look like for the write to happen.
 *
 * @param path            the file; never followed if it is a link
 * @param header          the bytes for {@code [0, header.length)}; not copied, so leave it unchanged
 * @param expectedSize    the size the file had when planned; any other size makes the result CHANGED
 * @param expectedFileKey the file's {@code BasicFileAttributes.fileKey()} (device and inode) when planned,
 *                        or {@code null} not to check it
 */
public record WriteRequest(Path path, byte[] header, long expectedSize, Object expectedFileKey) {

    public WriteRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(header, "header");
        if (header.length == 0) {
            throw new IllegalArgumentException("empty header: path=" + path);
        }
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize=" + expectedSize + " path=" + path);
        }
    }
}
