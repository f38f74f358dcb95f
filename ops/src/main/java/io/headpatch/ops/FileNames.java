package io.headpatch.ops;

import java.nio.charset.Charset;

/** How the JVM turns file names into text and back: paths printed for tools are encoded the same way. */
public final class FileNames {

    /** The JVM's file name encoding ({@code sun.jnu.encoding}, from the locale at start). */
    public static final Charset CHARSET = jnuEncoding();

    private FileNames() {
    }

    private static Charset jnuEncoding() {
        String name = System.getProperty("sun.jnu.encoding");
        return name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    }
}
