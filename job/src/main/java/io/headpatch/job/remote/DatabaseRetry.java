package io.headpatch.job.remote;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How a remote worker outlives a database outage: an action is retried with backoff on any runtime
 * error (the database away, restarting, refusing connections), until the worker is asked to stop.
 */
final class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);
    private static final long FIRST_BACKOFF_MILLIS = 1_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration CLEANUP_BACKOFF = Duration.ofSeconds(4);

    private final BooleanSupplier stopping;

    DatabaseRetry(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    /**
     * Runs {@code action} until it succeeds, backing off up to 30 s between tries.
     *
     * @throws Stopping when the worker is asked to stop before the action succeeded
     */
    <T> T untilStopping(String what, Supplier<T> action) {
        return retry(what, action, MAX_BACKOFF, true);
    }

    /** As {@link #untilStopping}, for cleaning up after a taken request: a few tries even while stopping. */
    <T> T evenWhenStopping(String what, Supplier<T> action) {
        return retry(what, action, CLEANUP_BACKOFF, false);
    }

    private <T> T retry(String what, Supplier<T> action, Duration maxBackoff, boolean untilStopping) {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (untilStopping && stopping.getAsBoolean()) {
                    log.warn("cannot {} while stopping: {}", what, e.getMessage());
                    throw new Stopping();
                }
                if (!untilStopping && backoff > maxBackoff.toMillis()) {
                    throw e;
                }
                log.warn("cannot {}, retrying in {} ms: {}", what, backoff, e.getMessage());
                sleepQuietly(backoff);
                backoff = untilStopping ? Math.min(backoff * 2, maxBackoff.toMillis()) : backoff * 2;
            }
        }
    }

    /** The worker was asked to stop while an action was still failing. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("stopping", null, false, false);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
