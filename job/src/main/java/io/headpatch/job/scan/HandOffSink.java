package io.headpatch.job.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands the walk's entries, in batches and in walk order, to a thread of their own that passes them to the scan's
 * sink (the comparison with a baseline, the COPY's text): the walk's system calls and the sink's work then run on
 * two cores. The walk waits when {@link #QUEUED} batches are waiting, so memory stays bounded. A failure of the sink
 * is thrown to the walk at its next entry, or by {@link #finish()}.
 */
final class HandOffSink implements Consumer<ScannedEntry>, AutoCloseable {

    private static final int BATCH = 512;
    private static final int QUEUED = 64;
    private static final List<ScannedEntry> END = List.of();

    private final BlockingQueue<List<ScannedEntry>> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread thread;
    private volatile Throwable failure;
    private List<ScannedEntry> batch = new ArrayList<>(BATCH);
    private boolean ended;

    HandOffSink(Consumer<ScannedEntry> sink) {
        this.thread = new Thread(() -> drain(sink), "scan-sink");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(ScannedEntry entry) {
        batch.add(entry);
        if (batch.size() == BATCH) {
            hand(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    /** Hands over what is left and waits until the sink has taken every entry; throws the sink's failure. */
    void finish() {
        hand(batch);
        close();
        rethrow();
    }

    /**
     * Ends the sink's thread once it has taken what was handed to it (after a failed walk too), interrupted or not:
     * the sink writes on the scan's connection, which must not be used by two threads.
     */
    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(END);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void hand(List<ScannedEntry> entries) {
        rethrow();
        if (!entries.isEmpty()) {
            put(entries);
        }
    }

    private void put(List<ScannedEntry> entries) {
        try {
            queue.put(entries);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing the walk's entries on", e);
        }
    }

    private void rethrow() {
        Throwable failed = failure;
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
    }

    /** Takes every batch until the end, so the walk never waits on a full queue; after a failure, drops them. */
    private void drain(Consumer<ScannedEntry> sink) {
        try {
            for (List<ScannedEntry> entries = queue.take(); entries != END; entries = queue.take()) {
                if (failure == null) {
                    try {
                        entries.forEach(sink);
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
