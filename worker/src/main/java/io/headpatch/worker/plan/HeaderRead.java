package io.headpatch.worker.plan;

import java.nio.file.attribute.BasicFileAttributes;

/**
 * The result of reading one file's header: either the bytes, with the attributes seen while the
 * file was open, or the outcome that stopped the read and why.
 */
public record HeaderRead(byte[] header, long size, long mtimeMillis, Object fileKey, Outcome failure, String reason) {

    static HeaderRead of(byte[] header, BasicFileAttributes attributes) {
        return new HeaderRead(header, attributes.size(), attributes.lastModifiedTime().toMillis(),
                attributes.fileKey(), null, null);
    }

    static HeaderRead failed(Outcome outcome, String reason) {
        return new HeaderRead(null, -1, -1, null, outcome, reason);
    }

    public boolean ok() {
        return failure == null;
    }
}
