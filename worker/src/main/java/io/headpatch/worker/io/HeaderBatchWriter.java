package io.headpatch.worker.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a batch of planned headers, releases the writer's mappings, makes the batch durable per the
 * {@link SyncMode}, then closes every file, even on errors. Owns the threads of the BATCH sync: many
 * {@code fdatasync}s in flight at once is where its throughput comes from (SYNCFS needs one call per filesystem
 * instead). One batch at a time per instance.
 */
public final class HeaderBatchWriter implements AutoCloseable {

    private final WriteOptions options;
    private final HeaderWriter writer;
    private final ExecutorService syncPool;
    private volatile boolean closed;

    public HeaderBatchWriter(WriteOptions options) {
        this(options, HeaderWriter.of(options.ioMode(), options.preserveMtime()));
    }

    HeaderBatchWriter(WriteOptions options, HeaderWriter writer) {
        this.options = options;
        this.writer = writer;
        // Threads start on the first BATCH sync only.
        this.syncPool = Executors.newFixedThreadPool(options.syncParallelism(), syncThreads());
    }

    public WriteOptions options() {
        return options;
    }

    /**
     * Writes every request, makes the batch durable per the sync mode and closes; one result per
     * request, same order. Never throws for a per-file problem.
     */
    public List<WriteResult> writeAll(List<WriteRequest> requests) {
        return writeAll(requests, WriteDeadline.NONE);
    }

    /**
     * As {@link #writeAll(List)}, asking {@code deadline} before each file's write, once the file is locked: once it
     * has passed, no further file is written (their kept descriptors are closed), those written are synced and closed
     * as usual, and this throws.
     *
     * @throws WriteDeadlinePassedException when the deadline passed before a file of the batch
     */
    public List<WriteResult> writeAll(List<WriteRequest> requests, WriteDeadline deadline) {
        if (closed) {
            throw new IllegalStateException("closed: " + options);
        }
        List<WrittenHeader> files = new ArrayList<>(requests.size());
        String passed = null;
        try {
            try {
                for (WriteRequest request : requests) {
                    WrittenHeader file = writer.write(request, deadline);
                    passed = file.deadlinePassed();
                    if (passed != null) {
                        file.close();
                        requests.subList(files.size() + 1, requests.size()).forEach(WriteRequest::closeUnwritten);
                        break;
                    }
                    files.add(file);
                    if (options.syncMode() == SyncMode.EACH) {
                        file.sync();
                    }
                }
            } finally {
                writer.endBatch();
            }
            if (options.syncMode() == SyncMode.BATCH) {
                syncConcurrently(files);
            } else if (options.syncMode() == SyncMode.SYNCFS) {
                syncFileSystems(files);
            }
        } finally {
            files.forEach(WrittenHeader::close);
        }
        if (passed != null) {
            throw new WriteDeadlinePassedException(passed, files.size(), requests.size());
        }
        return files.stream().map(WrittenHeader::result).toList();
    }

    /** Up to syncParallelism workers take files off one shared index until all are synced. */
    private void syncConcurrently(List<WrittenHeader> files) {
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                files.get(i).sync();
            }
        };
        int workers = Math.min(options.syncParallelism(), files.size());
        List<Future<?>> running = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            running.add(syncPool.submit(worker));
        }
        awaitAll(running);
    }

    /**
     * One {@code syncfs} per filesystem of the batch, through the first file written on it: that file was opened
     * before any write of the batch on its filesystem, so a writeback error of any of them is reported to it. When
     * syncfs fails, each file is synced on its own, which pins the error on the files it hit; if none reports it,
     * every file of that filesystem is IO_ERROR with syncfs's reason, since any of them may have lost its header.
     * Kernels whose syncfs hides writeback errors (before 5.8) get an fdatasync per file instead.
     */
    private void syncFileSystems(List<WrittenHeader> files) {
        if (!FileSystemSync.syncfsReportsErrors()) {
            syncConcurrently(files);
            return;
        }
        Map<Long, List<WrittenHeader>> byFileSystem = new LinkedHashMap<>();
        for (WrittenHeader file : files) {
            long fileSystem = file.fileSystem();
            if (fileSystem != -1) {
                byFileSystem.computeIfAbsent(fileSystem, key -> new ArrayList<>()).add(file);
            }
        }
        for (List<WrittenHeader> sameFileSystem : byFileSystem.values()) {
            String failure = sameFileSystem.get(0).syncFileSystem();
            if (failure != null) {
                syncConcurrently(sameFileSystem);
                if (sameFileSystem.stream().allMatch(f -> f.result().status() == WriteResult.Status.WRITTEN)) {
                    sameFileSystem.forEach(f -> f.failSync(failure));
                }
            }
        }
    }

    /** Waits for every worker, even when interrupted: closing a file while a worker still syncs it would fail that sync. */
    private static void awaitAll(List<Future<?>> running) {
        boolean interrupted = false;
        Throwable failure = null;
        for (Future<?> future : running) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("sync worker failed", failure);
        }
    }

    /** Shuts the sync threads down; safe to call twice. */
    @Override
    public void close() {
        closed = true;
        syncPool.shutdown();
        writer.close();
    }

    private static ThreadFactory syncThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "headpatch-sync-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
