package io.headpatch.job.scan;

import java.nio.file.attribute.BasicFileAttributes;

/** What the scan found at a path; {@code hp_file.kind} stores the {@link #code()}. */
public enum FileKind {
    REGULAR('f'),
    SYMBOLIC_LINK('l'),
    DIRECTORY('d'),
    /** FIFO, device or socket. */
    OTHER('o'),
    /** A name the JVM cannot represent, or an entry it cannot read; the row's note says why. */
    UNREADABLE('x'),
    /** Listed in a manifest but missing at scan time; its outcome is GONE. */
    MISSING('g');

    private final char code;

    FileKind(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static FileKind of(BasicFileAttributes attrs) {
        return attrs.isRegularFile() ? REGULAR : attrs.isSymbolicLink() ? SYMBOLIC_LINK : attrs.isDirectory() ? DIRECTORY : OTHER;
    }

    /** @throws IllegalArgumentException naming a code no scan writes */
    public static FileKind ofCode(char code) {
        for (FileKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind=" + code + " is not a file kind");
    }
}
