package io.headpatch.perf.bench;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Progress lines of the benchmark, each with the time of day. */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    Log(PrintStream out) {
        this.out = out;
    }

    void line(String format, Object... args) {
        out.println(LocalTime.now().format(TIME) + "  " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
