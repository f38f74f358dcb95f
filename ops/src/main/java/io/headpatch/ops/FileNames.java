package io.headpatch.ops;

import org.slf4j.LoggerFactory;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** How the JVM turns file names into text and back: paths printed for tools are encoded the same way. */
public final class FileNames {

    /** The JVM's file name encoding ({@code sun.jnu.encoding}, from the locale at start). */
    public static final Charset CHARSET = jnuEncoding();

    private FileNames() {
    }

    /**
     * Warns (console unless --quiet, and the run's log) when names that are not ASCII cannot be
     * opened: the JVM was started under a locale that is not UTF-8 and not through the launcher.
     */
    static void warnIfNotUtf8() {
        if (!CHARSET.equals(StandardCharsets.UTF_8)) {
            LoggerFactory.getLogger(FileNames.class).warn("the JVM's file name encoding is {} (from the locale), so files whose"
                    + " names are not ASCII end IO_ERROR unopened; run with LC_ALL=C.UTF-8 (the ./headpatch launcher does)",
                    CHARSET.name());
        }
    }

    private static Charset jnuEncoding() {
        String name = System.getProperty("sun.jnu.encoding");
        return name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    }
}
