package io.headpatch.ops.progress;

import java.io.PrintWriter;
import java.time.Duration;

/** Shows how far a long command is: a live bar on a terminal, a line every few seconds on a pipe, or nothing. */
public interface ProgressDisplay extends AutoCloseable {

    Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    /** @param total 0 while unknown (the scan is still running) */
    void update(long done, long total, long failures);

    @Override
    void close();

    /**
     * @param quiet true for machine-readable output ({@code --format json}): nothing extra at all
     */
    static ProgressDisplay create(String task, boolean terminal, boolean quiet, PrintWriter err) {
        if (quiet) {
            return new NoProgress();
        }
        return terminal ? new TerminalProgress(task) : new PlainProgress(task, err, PLAIN_INTERVAL);
    }

    /** Shows nothing. */
    final class NoProgress implements ProgressDisplay {
        @Override
        public void update(long done, long total, long failures) {
        }

        @Override
        public void close() {
        }
    }
}
