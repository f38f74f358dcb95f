package io.headpatch.job.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task repeated on a daemon thread until closed: heartbeats and lease checks. A round that fails
 * (the database briefly away) is logged and the next one tries again; the work the task watches
 * reports a lasting outage itself. A streak of failed rounds is one warning, not one per round, and its
 * end is logged: an outage of minutes must not fill the operator's terminal.
 */
public final class PeriodicTask implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final ScheduledExecutorService timer;
    /** Rounds failed in a row; read and written by the timer's one thread only. */
    private int failedRounds;

    private PeriodicTask(String name, Duration initialDelay, Duration every, Runnable task) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> round(name, every, task), initialDelay.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void round(String name, Duration every, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            if (failedRounds++ == 0) {
                log.warn("{} failed: {}; trying again every {} s", name, e.getMessage(),
                        BigDecimal.valueOf(every.toMillis(), 3).stripTrailingZeros().toPlainString());
            } else {
                log.debug("{} failed again ({} in a row): {}", name, failedRounds, e.getMessage());
            }
            return;
        }
        if (failedRounds > 0) {
            log.info("{} works again after {} failed round{}", name, failedRounds, failedRounds == 1 ? "" : "s");
            failedRounds = 0;
        }
    }

    /** Runs {@code task} now and then every {@code every}. */
    public static PeriodicTask now(String name, Duration every, Runnable task) {
        return new PeriodicTask(name, Duration.ZERO, every, task);
    }

    /** Runs {@code task} after {@code every}, and every {@code every} after that. */
    public static PeriodicTask after(String name, Duration every, Runnable task) {
        return new PeriodicTask(name, every, every, task);
    }

    /** Stops the repetitions; safe to call twice. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
