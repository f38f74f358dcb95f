package io.headpatch.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Iterator;

/**
 * Where logs go. The console (stderr) shows warnings only, none with {@code --quiet}, everything
 * from INFO with {@code --verbose}; the libraries whose failures reach the user as one line anyway
 * (pool, Spring Batch, embedded server) only with {@code --verbose}. A command that works on files
 * also logs everything from INFO, libraries included, to its own log file. A logback configuration
 * given with {@code -Dlogback.configurationFile} is left exactly as it is.
 */
final class Logging {

    /** The system property of an external logback configuration. */
    static final String EXTERNAL_CONFIGURATION = "logback.configurationFile";

    private static final String[] SILENCED = {"com.zaxxer.hikari", "org.springframework.batch", "io.zonky"};
    private static final String CONSOLE = "ERR";
    private static final String FILE = "RUN";
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n";

    private Logging() {
    }

    /**
     * @param logFile the run's log file, or null for none
     * @return whether logging was configured here (false under an external configuration)
     */
    static boolean configure(boolean verbose, boolean quiet, Path logFile) {
        if (System.getProperty(EXTERNAL_CONFIGURATION) != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Level console = verbose ? Level.INFO : quiet ? Level.OFF : Level.WARN;
        boolean toFile = logFile != null;
        root.setLevel(toFile || verbose ? Level.INFO : console);
        for (String name : SILENCED) {
            context.getLogger(name).setLevel(toFile || verbose ? Level.INFO : Level.OFF);
        }
        Appender<ILoggingEvent> err = root.getAppender(CONSOLE);
        if (err != null) {
            err.clearAllFilters();
            err.addFilter(new ConsoleFilter(console, verbose));
        }
        detachFile(root);
        if (toFile) {
            root.addAppender(fileAppender(context, logFile));
        }
        return true;
    }

    private static FileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path logFile) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName(FILE);
        file.setFile(logFile.toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        return file;
    }

    private static void detachFile(Logger root) {
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (FILE.equals(appender.getName())) {
                root.detachAppender(appender);
                appender.stop();
            }
        }
    }

    /** The console's level, and the silenced libraries only when verbose. */
    private static final class ConsoleFilter extends Filter<ILoggingEvent> {
        private final Level level;
        private final boolean verbose;

        ConsoleFilter(Level level, boolean verbose) {
            this.level = level;
            this.verbose = verbose;
            start();
        }

        @Override
        public FilterReply decide(ILoggingEvent event) {
            if (!event.getLevel().isGreaterOrEqual(level)) {
                return FilterReply.DENY;
            }
            if (!verbose) {
                for (String name : SILENCED) {
                    if (event.getLoggerName().startsWith(name)) {
                        return FilterReply.DENY;
                    }
                }
            }
            return FilterReply.NEUTRAL;
        }
    }
}
