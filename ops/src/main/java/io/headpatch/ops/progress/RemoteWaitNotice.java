package io.headpatch.ops.progress;

import io.headpatch.job.PatchJobService;
import io.headpatch.job.RemoteQueue;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * While a remote launch or restart runs: says on stderr when its partitions wait in the queue and no worker process
 * is alive to take them, naming the command that starts one over the launch's roots. Told within a lease of the
 * start, then again every few leases for as long as it lasts, so a launch never waits silently.
 */
public final class RemoteWaitNotice implements AutoCloseable {

    /** Leases between two notices of the same wait. */
    private static final int REPEAT_LEASES = 4;

    private final PatchJobService service;
    private final Duration check;
    private final Duration repeat;
    private final PrintWriter err;
    private final String headpatch;
    private volatile Thread thread;
    private volatile boolean closed;

    /** @param headpatch how the user calls headpatch on this database ("headpatch --db URL ") */
    public RemoteWaitNotice(PatchJobService service, Duration lease, PrintWriter err, String headpatch) {
        this.service = service;
        this.check = lease.dividedBy(3);
        this.repeat = lease.multipliedBy(REPEAT_LEASES);
        this.err = err;
        this.headpatch = headpatch;
    }

    /** Starts watching the execution, as soon as it exists. */
    public synchronized void watch(long executionId) {
        if (closed || thread != null) {
            return;
        }
        Thread watcher = new Thread(() -> watchUntilClosed(executionId), "remote-wait-" + executionId);
        watcher.setDaemon(true);
        thread = watcher;
        watcher.start();
    }

    private void watchUntilClosed(long executionId) {
        long toldNanos = 0;
        while (!closed) {
            try {
                Thread.sleep(check.toMillis());
                RemoteQueue queue = service.remoteQueue();
                int waiting = queue.waiting(executionId);
                if (waiting > 0 && queue.liveWorkers() == 0 && (toldNanos == 0 || System.nanoTime() - toldNanos >= repeat.toNanos())) {
                    tell(executionId, waiting);
                    toldNanos = System.nanoTime();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the database away for a moment: the launch reports a lasting outage itself; ask again next time
            }
        }
    }

    private void tell(long executionId, int waiting) {
        String roots = service.launched(executionId).scan().roots().stream().map(Path::toString).map(root -> "--root " + root)
                .collect(Collectors.joining(" "));
        String message = String.format(Locale.ROOT, "execution %d: %d partition%s waiting and no worker is alive to take"
                        + " them; start one where the files are: %sworker %s", executionId, waiting, waiting == 1 ? "" : "s",
                headpatch, roots.isEmpty() ? "--root DIR" : roots);
        synchronized (err) {
            err.println(message);
            err.flush();
        }
    }

    @Override
    public void close() {
        Thread watcher;
        synchronized (this) {
            closed = true;
            watcher = thread;
        }
        if (watcher != null) {
            watcher.interrupt();
        }
    }
}
