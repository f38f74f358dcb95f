package io.headpatch.job.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task repeated on a daemon thread until closed: heartbeats and lease checks. A round that fails
 * (the database briefly away) is logged and the next one tries again; the work the task watches
 * reports a lasting outage itself.
 */
public final class PeriodicTask implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final ScheduledExecutorService timer;

    private PeriodicTask(String name, Duration initialDelay, Duration every, Runnable task) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", name, e.getMessage());
            }
        }, initialDelay.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
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
