package io.headpatch.job.scan;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The names of a manifest file, streamed: one per line, or one per NUL when the file holds a NUL (names may then
 * hold newlines). Each name is taken byte for byte; only its terminator ({@code \n}, {@code \r\n} or NUL) is removed,
 * so a name ending in a space names that file. Empty names are skipped.
 */
final class ManifestLines {

    private ManifestLines() {
    }

    /** Gives each name's bytes in order, whatever the locale (names need not be valid in any encoding). */
    static void forEach(Path manifest, Consumer<byte[]> names) throws IOException {
        boolean nulSeparated = holdsNul(manifest);
        int separator = nulSeparated ? 0 : '\n';
        ByteArrayOutputStream name = new ByteArrayOutputStream(256);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(manifest), 1 << 16)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == separator) {
                    emit(name, !nulSeparated, names);
                } else {
                    name.write(b);
                }
            }
        }
        emit(name, !nulSeparated, names);
    }

    private static boolean holdsNul(Path manifest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(manifest)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void emit(ByteArrayOutputStream name, boolean lines, Consumer<byte[]> names) {
        byte[] bytes = name.toByteArray();
        name.reset();
        int length = bytes.length;
        if (lines && length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (length > 0) {
            names.accept(Arrays.copyOf(bytes, length));
        }
    }
}
