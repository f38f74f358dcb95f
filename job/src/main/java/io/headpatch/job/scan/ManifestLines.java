package io.headpatch.job.scan;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The names of a manifest file, streamed: one per line, or one per NUL when the file holds a NUL (names may then
 * hold newlines). Each name is taken byte for byte; only its terminator ({@code \n}, {@code \r\n} or NUL) is removed,
 * so a name ending in a space names that file. Empty names are skipped.
 */
final class ManifestLines {

    /** Stands for a name that is not valid in the JVM's file name encoding (it is listed, never opened). */
    static final String UNREADABLE_NAME = "(manifest name not valid in the JVM's file name encoding)";

    private static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private ManifestLines() {
    }

    /** Gives each name in order; null for a name that cannot be decoded. */
    static void forEach(Path manifest, Consumer<String> names) throws IOException {
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

    private static void emit(ByteArrayOutputStream name, boolean lines, Consumer<String> names) {
        byte[] bytes = name.toByteArray();
        name.reset();
        int length = bytes.length;
        if (lines && length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (length == 0) {
            return;
        }
        try {
            names.accept(FILE_NAMES.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString());
        } catch (CharacterCodingException e) {
            names.accept(null);
        }
    }
}
