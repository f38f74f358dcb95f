package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MMAP writes through a few reused slots: every header right, no file grown, the mapping count bounded by the slots. */
class MappingSlotsTest {

    private static final int SLOT_PAGES = 8;

    @TempDir
    Path dir;

    @Test
    void batchFarLargerThanTheSlotsWritesEveryHeaderWithBoundedMappings() throws IOException {
        // given: 100 files through 8 one-page slots, among them files of exactly the header's length and of odd sizes
        List<PlannedFile> files = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int size = i % 10 == 0 ? 64 : PlannedFile.randomSize(65, 5000);
            files.add(PlannedFile.create(dir, "f" + i, size, 64));
        }
        MappedHeaderWriter writer = new MappedHeaderWriter(false, SLOT_PAGES);
        long before = mappings();
        AtomicLong most = new AtomicLong();
        writer.afterMap(path -> most.accumulateAndGet(mappings(), Math::max));

        // when
        List<WriteResult> results;
        try (HeaderBatchWriter batch = new HeaderBatchWriter(WriteOptions.defaults(), writer)) {
            results = batch.writeAll(files.stream().map(PlannedFile::request).toList());
        }

        // then
        assertThat(results).extracting(WriteResult::status).containsOnly(Status.WRITTEN);
        files.forEach(PlannedFile::assertHeaderWritten);
        // each slot is a mapping of its own; the unused rest of the region and the JVM's own churn a few more
        assertThat(most.get() - before).as("most new lines in /proc/self/maps during the batch").isBetween(1L, SLOT_PAGES + 8L);
        assertThat(mappings() - before).as("new lines in /proc/self/maps after the batch").isLessThan(8);
    }

    @Test
    void headersLongerThanTheWholeRegionAreWrittenToo() {
        // given: a 5,000-byte header needs two pages, and the region has one
        List<PlannedFile> files = List.of(
                PlannedFile.create(dir, "small-1", 900, 64),
                PlannedFile.create(dir, "long-header", 9_000, 5_000),
                PlannedFile.create(dir, "small-2", 900, 64));

        // when
        List<WriteResult> results;
        try (HeaderBatchWriter batch = new HeaderBatchWriter(WriteOptions.defaults(), new MappedHeaderWriter(false, 1))) {
            results = batch.writeAll(files.stream().map(PlannedFile::request).toList());
        }

        // then
        assertThat(results).extracting(WriteResult::status).containsOnly(Status.WRITTEN);
        files.forEach(PlannedFile::assertHeaderWritten);
    }

    @Test
    void closedWriterRefusesToMapAndClosesTwice() {
        // given
        PlannedFile file = PlannedFile.create(dir, "late", 900, 64);
        MappedHeaderWriter writer = new MappedHeaderWriter(false, SLOT_PAGES);
        writer.close();

        // when
        writer.close();

        // then
        try (WrittenHeader written = writer.write(file.request())) {
            assertThat(written.result().status()).isEqualTo(Status.IO_ERROR);
            assertThat(written.result().reason()).isEqualTo("map failed: java.lang.IllegalStateException: closed: mapping slots");
        }
        file.assertUntouched();
    }

    @Test
    void capacityBelowOnePageIsRefused() {
        assertThatThrownBy(() -> new MappingSlots(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacityPages=0 must be >= 1");
    }

    private static long mappings() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
