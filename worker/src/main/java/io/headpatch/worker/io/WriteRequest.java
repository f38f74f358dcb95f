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
 * @param opened           the descriptor the file was planned through, to write through (the writer then owns
 *                         and closes it; its path is walked again from the root to confirm it still names that
 *                         file), or null to open the file again
 */
public record WriteRequest(RootedPath file, byte[] header, long expectedSize, FileIdentity expectedIdentity, ConfinedFile opened) {

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

    /** A write that opens its file. */
    public WriteRequest(RootedPath file, byte[] header, long expectedSize, FileIdentity expectedIdentity) {
        this(file, header, expectedSize, expectedIdentity, null);
    }

    /** A file below the folder that holds it ({@link RootedPath#of}), for tools without roots. */
    public WriteRequest(Path path, byte[] header, long expectedSize, FileIdentity expectedIdentity) {
        this(RootedPath.of(path), header, expectedSize, expectedIdentity, null);
    }

    public Path path() {
        return file.path();
    }

    /** Closes the kept descriptor of a request that will not be written after all. */
    void closeUnwritten() {
        if (opened != null) {
            opened.closeUnwritten();
        }
    }
}
