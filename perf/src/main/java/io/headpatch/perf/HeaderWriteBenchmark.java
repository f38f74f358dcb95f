package io.headpatch.perf;

import io.headpatch.worker.io.HeaderBatchWriter;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.io.WriteRequest;
import io.headpatch.worker.io.WriteResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Per-file cost of writing a 64-byte header into 1,200-byte files and making it durable, for each io mode and
 * sync mode: one invocation writes (and syncs) a batch of {@value #FILES} files. Each invocation alternates
 * between two headers, so that every write really changes the page. Files live under {@code -Dheadpatch.bench.dir}
 * (default: java.io.tmpdir); put it on the file system you care about.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
// The Chronicle flags of the root pom's headpatch.jvmFlags (docs/design.md, Known pitfalls); keep the two in step.
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@OperationsPerInvocation(HeaderWriteBenchmark.FILES)
public class HeaderWriteBenchmark {

    static final int FILES = 256;
    static final int FILE_SIZE = 1_200;
    static final int HEADER_LENGTH = 64;

    @Param({"MMAP", "PWRITE"})
    public IoMode ioMode;

    @Param({"NONE", "BATCH", "EACH"})
    public SyncMode syncMode;

    private Path dir;
    private HeaderBatchWriter writer;
    private final List<List<WriteRequest>> batches = new ArrayList<>();
    private int invocation;

    @Setup(Level.Trial)
    public void createFiles() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("headpatch.bench.dir", System.getProperty("java.io.tmpdir"))),
                "header-write-bench");
        Random random = new Random(42);
        byte[][] headers = {new byte[HEADER_LENGTH], new byte[HEADER_LENGTH]};
        random.nextBytes(headers[0]);
        random.nextBytes(headers[1]);
        List<WriteRequest> first = new ArrayList<>(FILES);
        List<WriteRequest> second = new ArrayList<>(FILES);
        byte[] content = new byte[FILE_SIZE];
        for (int i = 0; i < FILES; i++) {
            random.nextBytes(content);
            Path path = Files.write(dir.resolve("f" + i), content);
            // No identity: the two batches take turns on the same files, each moving their mtime.
            first.add(new WriteRequest(path, headers[0], FILE_SIZE, null));
            second.add(new WriteRequest(path, headers[1], FILE_SIZE, null));
        }
        batches.add(first);
        batches.add(second);
        writer = new HeaderBatchWriter(WriteOptions.builder().ioMode(ioMode).syncMode(syncMode).build());
    }

    @Benchmark
    public List<WriteResult> writeBatch() {
        List<WriteResult> results = writer.writeAll(batches.get(invocation++ & 1));
        for (WriteResult result : results) {
            if (result.status() != WriteResult.Status.WRITTEN) {
                throw new IllegalStateException("not written: " + result);
            }
        }
        return results;
    }

    @TearDown(Level.Trial)
    public void deleteFiles() throws IOException {
        writer.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
