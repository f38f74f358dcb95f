package io.headpatch.ops.progress;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobService;
import io.headpatch.ops.output.ExecutionText;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Polls a running execution (launch and restart run in the caller's thread) and feeds its counts
 * to a display, from the moment the execution id is known until closed.
 */
public final class ExecutionWatcher implements AutoCloseable {

    private final PatchJobService service;
    private final ProgressDisplay display;
    private final Duration interval;
    private final Consumer<ExecutionSummary> observer;
    private volatile Thread thread;
    private volatile boolean closed;
    private boolean displayClosed;

    /** @param observer also told every summary polled (e.g. the metrics) */
    public ExecutionWatcher(PatchJobService service, ProgressDisplay display, Duration interval,
                            Consumer<ExecutionSummary> observer) {
        this.service = service;
        this.display = display;
        this.interval = interval;
        this.observer = observer;
    }

    /** Starts polling; the launch calls this as soon as the execution exists. */
    public synchronized void watch(long executionId) {
        if (closed || thread != null) {
            return;
        }
        Thread poller = new Thread(() -> poll(executionId), "progress-" + executionId);
        poller.setDaemon(true);
        thread = poller;
        poller.start();
    }

    private void poll(long executionId) {
        while (!closed) {
            try {
                ExecutionSummary summary = service.status(executionId);
                observer.accept(summary);
                show(summary);
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A poll that fails (the summary row not yet visible, a busy pool) is retried on the next tick.
                sleepQuietly();
            }
        }
    }

    private void show(ExecutionSummary summary) {
        display.update(summary.filesDecided(), summary.filesTotal(), ExecutionText.failures(summary.outcomes()));
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops polling and shows {@code last} as the final state. */
    public void finish(ExecutionSummary last) {
        stopPolling();
        show(last);
        close();
    }

    /** Stops polling and closes the display (once). */
    @Override
    public synchronized void close() {
        stopPolling();
        if (!displayClosed) {
            displayClosed = true;
            display.close();
        }
    }

    private void stopPolling() {
        closed = true;
        Thread poller = thread;
        if (poller != null) {
            poller.interrupt();
            try {
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
