package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every batch unmaps and closes what it opened: 100,000 small files patched in mmap mode in one JVM, far more
 * mappings than vm.max_map_count (65,530) allows to leak, in batches of 1,000.
 */
class NoLeakTest {

    private static final int FILES = 1_000;
    private static final int BATCHES = 100;
    private static final int SIZE = 200;
    private static final int HEADER_LENGTH = 32;

    @TempDir
    Path dir;

    @Test
    void hundredThousandMappedWritesLeaveNoMappingAndNoDescriptor() throws IOException {
        // given
        List<List<Path>> batches = new ArrayList<>(BATCHES);
        byte[] content = new byte[SIZE];
        for (int batch = 0; batch < BATCHES; batch++) {
            Path folder = Files.createDirectory(dir.resolve("b" + batch));
            List<Path> files = new ArrayList<>(FILES);
            for (int i = 0; i < FILES; i++) {
                files.add(Files.write(folder.resolve("s" + i), content));
            }
            batches.add(files);
        }
        try (HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.builder().syncMode(SyncMode.NONE).build())) {
            writeBatch(writer, batches.get(0), 0); // warms up the classes and threads that stay
            long mapsBefore = mappings();
            long fdsBefore = openDescriptors();

            // when
            for (int batch = 1; batch < BATCHES; batch++) {
                writeBatch(writer, batches.get(batch), batch);
            }

            // then
            assertThat(mappings() - mapsBefore).as("new lines in /proc/self/maps").isLessThan(100);
            assertThat(openDescriptors() - fdsBefore).as("new entries in /proc/self/fd").isLessThan(10);
        }
    }

    private static void writeBatch(HeaderBatchWriter writer, List<Path> files, int batch) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        Arrays.fill(header, (byte) (batch + 1));
        List<WriteResult> results = writer.writeAll(files.stream().map(path -> new WriteRequest(path, header, SIZE, null)).toList());
        assertThat(results).extracting(WriteResult::status).containsOnly(Status.WRITTEN);
        byte[] sample = Files.readAllBytes(files.get(batch * 7 % files.size()));
        assertThat(sample).hasSize(SIZE).startsWith(header);
        assertThat(Arrays.copyOfRange(sample, HEADER_LENGTH, SIZE)).containsOnly(0);
    }

    private static long mappings() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).size();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
