package io.headpatch.perf.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor: the least a JVM can do to put a header durably into every file. Parallel positional writes, then
 * each batch's {@code fdatasync}s many at a time; no database, no checks, no reading. Listing the files is not
 * timed.
 */
public final class FloorMain {

    private FloorMain() {
    }

    public static void main(String[] args) throws Exception {
        FloorTask task = ChildJvm.task(args[0], FloorTask.class);
        byte[] header = Files.readAllBytes(Path.of(task.header()));
        List<Path> files = BenchTree.list(Path.of(task.dir()));
        try (ProcessMemory memory = ProcessMemory.watch()) {
            AtomicInteger nextBatch = new AtomicInteger();
            int batches = (files.size() + task.batch() - 1) / task.batch();
            long start = System.nanoTime();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < task.writers(); w++) {
                Thread writer = new Thread(() -> {
                    ExecutorService syncs = Executors.newFixedThreadPool(task.syncParallelism());
                    try {
                        for (int b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
                            int from = b * task.batch();
                            writeBatch(files.subList(from, Math.min(files.size(), from + task.batch())), header, syncs,
                                    task.syncParallelism());
                        }
                    } finally {
                        syncs.shutdown();
                    }
                }, "floor-" + w);
                writer.start();
                writers.add(writer);
            }
            for (Thread writer : writers) {
                writer.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("files", files.size());
            figures.put("seconds", seconds);
            figures.putAll(memory.figures());
            ChildJvm.result(args[1], figures);
        }
    }

    private static void writeBatch(List<Path> batch, byte[] header, ExecutorService syncs, int parallelism) {
        List<FileChannel> channels = new ArrayList<>(batch.size());
        try {
            for (Path file : batch) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                channels.add(channel);
                channel.write(ByteBuffer.wrap(header), 0);
            }
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < Math.min(parallelism, channels.size()); s++) {
                running.add(syncs.submit(() -> {
                    for (int i = next.getAndIncrement(); i < channels.size(); i = next.getAndIncrement()) {
                        channels.get(i).force(false);
                    }
                    return null;
                }));
            }
            for (Future<?> sync : running) {
                sync.get();
            }
            for (FileChannel channel : channels) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
