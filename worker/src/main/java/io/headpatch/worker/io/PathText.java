package io.headpatch.worker.io;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * File names are bytes; this is headpatch's one text for an absolute path, exact both ways whatever the locale, so a
 * name that is not valid UTF-8 (or not valid in the JVM's file name encoding) is still scanned, stored, opened and
 * reported. A path whose bytes are valid UTF-8 is its UTF-8 text. Any other path is written {@code //} followed by
 * its bytes, each byte that is not part of valid UTF-8 as {@code \xNN} and each backslash as {@code \\}: a normalized
 * absolute path never starts with {@code //}, so the two forms cannot be confused.
 *
 * <p>The JDK keeps a path's bytes exactly inside {@link Path}, but its {@code toString} is lossy for such names; its
 * {@code file:} URI form is exact, and is how bytes go in and out of a {@link Path} here.
 */
public final class PathText {

    /** Starts the escaped form. */
    static final String ESCAPED = "//";

    private static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    private static final boolean UTF8_NAMES = FILE_NAMES.equals(StandardCharsets.UTF_8);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathText() {
    }

    /** The text of an absolute path's bytes. */
    public static String of(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return escaped(bytes);
        }
    }

    /** The text of a path; a relative one is made absolute first. */
    public static String of(Path path) {
        String text = path.toString();
        return exact(text) && path.isAbsolute() ? text : of(bytes(path.toAbsolutePath()));
    }

    /** The bytes a text stands for. */
    public static byte[] bytes(String text) {
        if (!text.startsWith(ESCAPED)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        bytes.write('/');
        for (int i = ESCAPED.length(); i < text.length(); ) {
            int point = text.codePointAt(i);
            if (point == '\\' && text.startsWith("\\x", i) && i + 4 <= text.length()) {
                bytes.write(Integer.parseInt(text, i + 2, i + 4, 16));
                i += 4;
            } else if (point == '\\' && text.startsWith("\\\\", i)) {
                bytes.write('\\');
                i += 2;
            } else {
                bytes.writeBytes(new String(Character.toChars(point)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(point);
            }
        }
        return bytes.toByteArray();
    }

    /** The path a text stands for, with its exact bytes. */
    public static Path path(String text) {
        return exact(text) && !text.startsWith(ESCAPED) ? Path.of(text) : path(bytes(text));
    }

    /** The path of an absolute path's bytes, exactly. */
    public static Path path(byte[] absolute) {
        if (absolute.length == 0 || absolute[0] != '/') {
            throw new IllegalArgumentException("path=" + of(absolute) + " is not absolute");
        }
        StringBuilder uri = new StringBuilder(absolute.length * 3 + 7).append("file://");
        for (byte b : absolute) {
            int c = b & 0xFF;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "/-._~".indexOf(c) >= 0)) {
                uri.append((char) c);
            } else {
                uri.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return Path.of(URI.create(uri.toString()));
    }

    /** The exact bytes of a path (relative stays relative): what the kernel is given for it. */
    public static byte[] bytes(Path path) {
        String text = path.toString();
        if (exact(text)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (path.isAbsolute()) {
            return uriBytes(path);
        }
        byte[] base = uriBytes(Path.of("").toAbsolutePath());
        byte[] absolute = uriBytes(path.toAbsolutePath());
        int skip = base.length + (base.length > 0 && base[base.length - 1] == '/' ? 0 : 1);
        return Arrays.copyOfRange(absolute, skip, absolute.length);
    }

    /** Whether the JDK's text of a path is its bytes: no replaced byte, and names are UTF-8 (or the text is ASCII). */
    private static boolean exact(String text) {
        return text.indexOf('\uFFFD') < 0 && (UTF8_NAMES || text.chars().allMatch(c -> c < 0x80));
    }

    /** An absolute path's bytes from its URI (which ends in a slash when it names a folder: that slash is not a byte of it). */
    private static byte[] uriBytes(Path absolute) {
        String raw = absolute.toUri().getRawPath();
        int end = raw.length() > 1 && raw.endsWith("/") ? raw.length() - 1 : raw.length();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end);
        for (int i = 0; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    private static String escaped(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != '/') {
            throw new IllegalArgumentException("path=" + new String(bytes, StandardCharsets.UTF_8) + " is not absolute");
        }
        StringBuilder text = new StringBuilder(ESCAPED.length() + bytes.length * 2).append(ESCAPED);
        for (int i = 1; i < bytes.length; ) {
            int length = validPrefix(bytes, i);
            if (length > 0) {
                text.append(new String(bytes, i, length, StandardCharsets.UTF_8).replace("\\", "\\\\"));
                i += length;
            } else {
                int b = bytes[i++] & 0xFF;
                text.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return text.toString();
    }

    /** How many bytes from {@code start} form one valid UTF-8 character (0 if none does). */
    private static int validPrefix(byte[] bytes, int start) {
        int b = bytes[start] & 0xFF;
        int length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        if (length == 0 || start + length > bytes.length) {
            return 0;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, length));
            return length;
        } catch (CharacterCodingException e) {
            return 0;
        }
    }
}
