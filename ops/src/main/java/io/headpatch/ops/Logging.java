package io.headpatch.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Quiet by default (logback.xml: warnings only, to stderr); {@code --verbose} raises the root
 * logger and the libraries silenced there to INFO.
 */
final class Logging {

    private static final String[] SILENCED = {"com.zaxxer.hikari", "org.springframework.batch", "io.zonky"};

    private Logging() {
    }

    static void configure(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(verbose ? Level.INFO : Level.WARN);
        for (String name : SILENCED) {
            context.getLogger(name).setLevel(verbose ? Level.INFO : Level.OFF);
        }
    }
}
