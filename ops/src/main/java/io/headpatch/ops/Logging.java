package io.headpatch.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Iterator;

/**
 * Where logs go. The console (stderr) shows warnings only, none with {@code --quiet}, everything
 * from INFO with {@code --verbose}; the libraries whose failures reach the user as one line anyway
 * (pool, Spring Batch and its transactions, Flyway, embedded server) only with {@code --verbose}, and no stack
 * trace without it. A command that works on files also logs everything from INFO, libraries included, to its own log file, which rolls over daily and at
 * {@link Rotation#DEFAULT}'s size, its old parts removed. A logback configuration given with
 * {@code -Dlogback.configurationFile} is left exactly as it is.
 */
final class Logging {

    /** The system property of an external logback configuration. */
    static final String EXTERNAL_CONFIGURATION = "logback.configurationFile";

    /**
     * JdbcTransactionManager logs under its own class, outside org.springframework.transaction (a failed commit's
     * rollback); Flyway logs a migration's failure as ERROR even when it is tried again and succeeds.
     */
    static final String[] SILENCED = {"com.zaxxer.hikari", "org.springframework.batch",
            "org.springframework.transaction", "org.springframework.jdbc.support.JdbcTransactionManager",
            "org.springframework.jdbc.datasource.DataSourceTransactionManager", "org.flywaydb", "io.zonky"};
    /** Without --verbose the console has neither stack traces nor logger (class) names: one line per event. */
    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %msg%n%nopex";
    private static final String VERBOSE_CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";
    private static final String CONSOLE = "ERR";
    private static final String FILE = "RUN";
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n";
    /** The file appender's parts, capped once more when it is let go and its compressions are done; null without one. */
    private static volatile LogParts attached;

    private Logging() {
    }

    /**
     * How the log file rolls over: at {@code maxFileSize} and at midnight into {@code FILE.yyyy-MM-dd.N.gz}; parts
     * older than {@code maxDays} days, and the oldest beyond {@code totalSizeCap} in all, are removed at each rollover
     * ({@link LogParts}, in the rollover itself) and when logging to the file starts and ends.
     */
    record Rotation(FileSize maxFileSize, int maxDays, FileSize totalSizeCap) {
        /** A worker or schedule that runs for months keeps a month of logs within 1 GB. */
        static final Rotation DEFAULT = new Rotation(FileSize.valueOf("100MB"), 30, FileSize.valueOf("1GB"));
    }

    /**
     * @param logFile the run's log file, or null for none
     * @return whether logging was configured here (false under an external configuration)
     */
    static boolean configure(boolean verbose, boolean quiet, Path logFile) {
        return configure(verbose, quiet, logFile, Rotation.DEFAULT);
    }

    static boolean configure(boolean verbose, boolean quiet, Path logFile, Rotation rotation) {
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
            if (err instanceof ConsoleAppender<ILoggingEvent> appender) {
                appender.setEncoder(encoder(context, verbose ? VERBOSE_CONSOLE_PATTERN : CONSOLE_PATTERN));
            }
        }
        detachFile(root);
        if (toFile) {
            root.addAppender(fileAppender(context, logFile, rotation));
        }
        return true;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path logFile, Rotation rotation) {
        PatternLayoutEncoder encoder = encoder(context, PATTERN);
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName(FILE);
        file.setFile(logFile.toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        LogParts parts = new LogParts(logFile, rotation.totalSizeCap().getSize());
        parts.capTotalSize();
        attached = parts;
        // The size cap is LogParts', applied in the rollover itself: logback's runs in the background, where a burst of
        // rollovers made it keep too much, or remove all but the newest part.
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>() {
            @Override
            public void rollover() {
                super.rollover();
                parts.capTotalSize();
            }
        };
        policy.setContext(parts.compressingOneAtATime(context));
        policy.setParent(file);
        // '%' starts a conversion word in logback's file name patterns; a path holding one is taken literally.
        policy.setFileNamePattern(logFile.toString().replace("%", "\\%") + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(rotation.maxFileSize());
        policy.setMaxHistory(rotation.maxDays());
        policy.start();
        file.setRollingPolicy(policy);
        file.start();
        return file;
    }

    private static void detachFile(Logger root) {
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (FILE.equals(appender.getName())) {
                root.detachAppender(appender);
                appender.stop();
                LogParts parts = attached;
                attached = null;
                if (parts != null) {
                    parts.close();
                }
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
