package io.headpatch.ops.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** One line every few seconds on stderr, for logs and pipes. */
final class PlainProgress implements ProgressDisplay {

    private final String task;
    private final PrintWriter err;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos = startNanos;

    PlainProgress(String task, PrintWriter err, Duration interval) {
        this.task = task;
        this.err = err;
        // A little early is fine: polls every interval then print every time, not every other time.
        this.intervalNanos = interval.toNanos() * 9 / 10;
    }

    @Override
    public synchronized void update(long done, long total, long failures) {
        long now = System.nanoTime();
        if (now - lastPrintNanos < intervalNanos) {
            return;
        }
        lastPrintNanos = now;
        err.println(line(task, done, total, failures, Duration.ofNanos(now - startNanos)));
        err.flush();
    }

    static String line(String task, long done, long total, long failures, Duration elapsed) {
        double seconds = Math.max(elapsed.toMillis() / 1000.0, 0.001);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(task).append(": ");
        if (total <= 0) {
            line.append(String.format(Locale.ROOT, "%,d files", done));
        } else {
            line.append(String.format(Locale.ROOT, "%,d/%,d files (%.0f%%)", done, total, done * 100.0 / total));
        }
        line.append(String.format(Locale.ROOT, ", %,.0f files/s", rate));
        if (total > 0 && rate > 0 && done < total) {
            long eta = Math.round((total - done) / rate);
            line.append(String.format(Locale.ROOT, ", ETA %d:%02d:%02d", eta / 3600, eta / 60 % 60, eta % 60));
        }
        return line.append(String.format(Locale.ROOT, ", %,d failures", failures)).toString();
    }

    @Override
    public void close() {
        err.flush();
    }
}
