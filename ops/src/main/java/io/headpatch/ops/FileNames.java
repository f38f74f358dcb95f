package io.headpatch.ops;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * File names on the command line and in what is printed. Names found in the trees and manifests are bytes and stay
 * exact whatever the locale ({@code worker.io.PathText}); the command line's own arguments are decoded by the JVM with
 * the locale's encoding before headpatch sees them, so an argument that encoding cannot read is refused.
 */
public final class FileNames {

    /** The JVM's file name encoding ({@code sun.jnu.encoding}, from the locale at start). */
    private static final Charset JNU = jnuEncoding();

    /**
     * What text is printed in: the locale's encoding, but UTF-8 where that is ASCII ({@code LANG=C}), which would turn
     * every other letter of a name into '?'.
     */
    public static final Charset TEXT = JNU.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : JNU;

    private FileNames() {
    }

    /** Why the arguments cannot be taken as given (one was not valid in the locale's encoding), or null. */
    static String mangledArgument(String[] args) {
        for (String arg : args) {
            if (arg.indexOf('\uFFFD') >= 0 && !JNU.equals(StandardCharsets.UTF_8)) {
                return "the argument '" + arg + "' is not valid in this locale's encoding (" + JNU.name() + "), so the JVM"
                        + " cannot read it exactly; run under a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (the ./headpatch launcher does)";
            }
        }
        return null;
    }

    /** Bytes written into a text writer one Latin-1 character each: standard output as bytes for in-process callers. */
    static OutputStream latin1Bytes(PrintWriter out) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b & 0xFF);
            }

            @Override
            public void flush() {
                out.flush();
            }
        };
    }

    private static Charset jnuEncoding() {
        String name = System.getProperty("sun.jnu.encoding");
        return name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    }
}
