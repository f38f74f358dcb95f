package io.headpatch.ops.schedule;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a long-running service command (ui, schedule): SIGTERM (handled, so that the service ends as asked and exits
 * 0), Ctrl-C or another shutdown (through a shutdown hook), or a test calls {@link #stop()}.
 */
public final class StopSignal {

    private static final Signal TERM = new Signal("TERM");

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private SignalHandler previousTerm;

    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Waits up to {@code timeout}; true when stopped meanwhile. */
    public boolean await(Duration timeout) throws InterruptedException {
        return timeout.isNegative() || timeout.isZero() ? isStopped() : stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Called by the command once it has wound down, so a shutdown hook can let the JVM exit. */
    public synchronized void finished() {
        finished.countDown();
        if (previousTerm != null) {
            Signal.handle(TERM, previousTerm);
            previousTerm = null;
        }
    }

    /**
     * Makes SIGTERM stop the command (until {@link #finished()}), and Ctrl-C stop it and wait for it to wind down;
     * returns the hook to remove later.
     */
    public synchronized Thread stopOnTermination(Duration grace) {
        previousTerm = Signal.handle(TERM, signal -> stop());
        Thread hook = new Thread(() -> {
            stop();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "headpatch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    public static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running.
        }
    }
}
