package io.headpatch.job.remote;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How a remote worker outlives a database outage: an action is retried with backoff on any runtime
 * error (the database away, restarting, refusing connections), until the worker is asked to stop.
 * The delays have jitter, so that a fleet of workers cut off together does not come back in step.
 */
final class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration JITTER = Duration.ofMillis(250);
    /** Cleaning up after a taken request: tries after 1, 2 and 4 s, then the error. */
    private static final int CLEANUP_RETRIES = 3;

    private final BooleanSupplier stopping;
    private final RetryTemplate untilStopping;
    private final RetryTemplate evenWhenStopping;

    DatabaseRetry(BooleanSupplier stopping) {
        this.stopping = stopping;
        untilStopping = new RetryTemplate(backoff().maxRetries(Long.MAX_VALUE).maxDelay(MAX_BACKOFF)
                .predicate(e -> !stopping.getAsBoolean()).build());
        evenWhenStopping = new RetryTemplate(backoff().maxRetries(CLEANUP_RETRIES).build());
    }

    private static RetryPolicy.Builder backoff() {
        return RetryPolicy.builder().includes(RuntimeException.class).delay(FIRST_BACKOFF).multiplier(2).jitter(JITTER);
    }

    /**
     * Runs {@code action} until it succeeds, backing off up to 30 s between tries.
     *
     * @throws Stopping when the worker is asked to stop before the action succeeded
     */
    <T> T untilStopping(String what, Supplier<T> action) {
        try {
            return untilStopping.invoke(logged(what, action));
        } catch (RuntimeException e) {
            if (stopping.getAsBoolean()) {
                log.warn("cannot {} while stopping: {}", what, e.getMessage());
                throw new Stopping();
            }
            throw e;
        }
    }

    /** As {@link #untilStopping}, for cleaning up after a taken request: a few tries even while stopping. */
    <T> T evenWhenStopping(String what, Supplier<T> action) {
        return evenWhenStopping.invoke(logged(what, action));
    }

    private static <T> Supplier<T> logged(String what, Supplier<T> action) {
        return () -> {
            try {
                return action.get();
            } catch (RuntimeException e) {
                log.warn("cannot {}: {}", what, e.getMessage());
                throw e;
            }
        };
    }

    /** The worker was asked to stop while an action was still failing. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("stopping", null, false, false);
        }
    }
}
