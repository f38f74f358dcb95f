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
 * The floor: the least a JVM can do to put a header durably into every file. Parallel writes ({@link FloorIo}:
 * positional or through a mapping), then each batch's {@code fdatasync}s many at a time; no database, no checks, no
 * reading. Listing the files is not timed.
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
                            writeBatch(files.subList(from, Math.min(files.size(), from + task.batch())), header, task.io(),
                                    syncs, task.syncParallelism());
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

    private static void writeBatch(List<Path> batch, byte[] header, FloorIo io, ExecutorService syncs, int parallelism) {
        try {
            List<FloorFile> files = switch (io) {
                case PWRITE -> positionalWrites(batch, header);
                case MMAP_EACH_UNMAP -> MappedFloorFile.write(batch, header, false);
                case MMAP_BATCHED_UNMAP -> MappedFloorFile.write(batch, header, true);
            };
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < Math.min(parallelism, files.size()); s++) {
                running.add(syncs.submit(() -> {
                    for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                        files.get(i).sync();
                    }
                    return null;
                }));
            }
            for (Future<?> sync : running) {
                sync.get();
            }
            for (FloorFile file : files) {
                file.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<FloorFile> positionalWrites(List<Path> batch, byte[] header) throws IOException {
        List<FloorFile> files = new ArrayList<>(batch.size());
        for (Path file : batch) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
            files.add(new FloorFile() {
                @Override
                public void sync() throws IOException {
                    channel.force(false);
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            });
            channel.write(ByteBuffer.wrap(header), 0);
        }
        return files;
    }

    /** One written file of a batch, open until its sync. */
    interface FloorFile {
        void sync() throws IOException;

        void close() throws IOException;
    }
}
