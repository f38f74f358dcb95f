package io.headpatch.worker.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One planned header write: the bytes to put at offset 0 of {@code file}, and what the file must still
 * look like for the write to happen.
 *
 * @param file             the file, reached from its root without following any link
 * @param header           the bytes for {@code [0, header.length)}; not copied, so leave it unchanged
 * @param expectedSize     the size the file had when planned; any other size makes the result CHANGED
 * @param expectedIdentity the file's device, inode, size and mtime when planned (from its descriptor), any
 *                         difference making the result CHANGED; {@code null} not to check them
 */
public record WriteRequest(RootedPath file, byte[] header, long expectedSize, FileIdentity expectedIdentity) {

    public WriteRequest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(header, "header");
        if (header.length == 0) {
            throw new IllegalArgumentException("empty header: path=" + file);
        }
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize=" + expectedSize + " path=" + file);
        }
    }

    /** A file below the folder that holds it ({@link RootedPath#of}), for tools without roots. */
    public WriteRequest(Path path, byte[] header, long expectedSize, FileIdentity expectedIdentity) {
        this(RootedPath.of(path), header, expectedSize, expectedIdentity);
    }

    public Path path() {
        return file.path();
    }
}
