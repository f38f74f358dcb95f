package io.headpatch.perf.bench;

import io.headpatch.ops.demo.FhdrFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The benchmark's files: one tree of fhdr v1.2 files per file count, generated once under the work directory
 * and kept for later runs, and the fast way back to fresh v1.2 headers between contestants.
 */
final class BenchTree {

    private static final long SEED = 20_240_601L;

    private final Path root;
    private final byte[] freshHeader;
    private final List<Path> files;

    private BenchTree(Path root, byte[] freshHeader, List<Path> files) {
        this.root = root;
        this.freshHeader = freshHeader;
        this.files = files;
    }

    /** The tree of {@code count} files under {@code workDir}, generated first if a complete one is not there. */
    static BenchTree prepare(Path workDir, int count, Log log) throws IOException {
        Path root = workDir.resolve("files-" + count);
        Path complete = workDir.resolve("files-" + count + ".complete");
        Path header = workDir.resolve("files-" + count + ".v1.2-header");
        if (!Files.exists(complete)) {
            log.line("generating %,d fhdr v1.2 files (600-1800 bytes, %,d per folder) in %s, once", count,
                    FhdrFiles.FILES_PER_FOLDER, root);
            long start = System.nanoTime();
            List<Path> generated = FhdrFiles.generate(root, count, SEED);
            // A generated v1.2 header, to put back on every file between contestants.
            Files.write(header, readHeader(generated.get(0)));
            Files.writeString(complete, Integer.toString(count));
            log.line("generated in %.0f s", (System.nanoTime() - start) / 1e9);
        }
        return new BenchTree(root, Files.readAllBytes(header), list(root));
    }

    Path root() {
        return root;
    }

    int size() {
        return files.size();
    }

    byte[] freshHeader() {
        return freshHeader.clone();
    }

    /** Every regular file under {@code root}, in the order a directory walk meets them. */
    static List<Path> list(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * Puts the v1.2 header back on every file: a fast, non-durable rewrite on all cores, then one {@code sync -f}
     * so that the next contestant starts with no dirty pages. Not part of anyone's time.
     */
    double reset() throws IOException, InterruptedException {
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        IntStream.range(0, 2 * Runtime.getRuntime().availableProcessors()).parallel().forEach(worker -> {
            for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                try (FileChannel channel = FileChannel.open(files.get(i), StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(freshHeader), 0);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        Shell.run(List.of("sync", "-f", root.toString()));
        return (System.nanoTime() - start) / 1e9;
    }

    private static byte[] readHeader(Path file) throws IOException {
        byte[] header = new byte[FhdrFiles.HEADER_LENGTH];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(ByteBuffer.wrap(header), 0);
        }
        return header;
    }
}
