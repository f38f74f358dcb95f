package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderBatchWriterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void writesHeadersAndNothingElse(IoMode ioMode) {
        // given
        List<PlannedFile> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            files.add(PlannedFile.create(dir, "f" + i, PlannedFile.randomSize(600, 1800), 64));
        }
        files.add(PlannedFile.create(dir, "exactly-header", 64, 64));
        files.add(PlannedFile.create(dir, "more-than-a-page", 10_000, 64));
        files.add(PlannedFile.create(dir, "header-over-a-page", 10_000, 5_000));
        files.add(PlannedFile.create(dir, "odd-header", 1_000, 77));

        // when
        List<WriteResult> results = writeAll(WriteOptions.builder().ioMode(ioMode).build(), files);

        // then
        assertThat(results).extracting(WriteResult::status).containsOnly(Status.WRITTEN);
        assertThat(results).extracting(WriteResult::reason).containsOnlyNulls();
        files.forEach(PlannedFile::assertHeaderWritten);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void everySyncModeWritesInBothIoModes(SyncMode syncMode) {
        for (IoMode ioMode : IoMode.values()) {
            // given
            List<PlannedFile> files = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                files.add(PlannedFile.create(dir, syncMode + "-" + ioMode + "-" + i, PlannedFile.randomSize(600, 1800), 64));
            }
            WriteOptions options = WriteOptions.builder().ioMode(ioMode).syncMode(syncMode).syncParallelism(4).build();

            // when
            List<WriteResult> results = writeAll(options, files);

            // then
            assertThat(results).extracting(WriteResult::status).as("%s", options).containsOnly(Status.WRITTEN);
            files.forEach(PlannedFile::assertHeaderWritten);
        }
    }

    @Test
    void resultsKeepTheOrderOfTheRequests() {
        // given
        PlannedFile first = PlannedFile.create(dir, "first", 700, 64);
        PlannedFile gone = PlannedFile.create(dir, "gone", 700, 64);
        PlannedFile last = PlannedFile.create(dir, "last", 700, 64);
        gone.path().toFile().delete();

        // when
        List<WriteResult> results = writeAll(WriteOptions.defaults(), List.of(first, gone, last));

        // then
        assertThat(results).extracting(WriteResult::request)
                .containsExactly(first.request(), gone.request(), last.request());
        assertThat(results).extracting(WriteResult::status).containsExactly(Status.WRITTEN, Status.GONE, Status.WRITTEN);
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void oneWrittenHeaderSyncsAndClosesTwice(IoMode ioMode) {
        // given
        PlannedFile file = PlannedFile.create(dir, "single", 1200, 64);
        WrittenHeader written = HeaderWriter.of(ioMode, false).write(file.request());

        // when
        written.sync();
        written.close();
        written.close();

        // then
        assertThat(written.result().status()).isEqualTo(Status.WRITTEN);
        file.assertHeaderWritten();
    }

    @Test
    void anEmptyBatchIsFine() {
        try (HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.defaults())) {
            assertThat(writer.writeAll(List.of())).isEmpty();
        }
    }

    @Test
    void closeIsSafeTwiceAndEndsTheWriter() {
        // given
        HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.defaults());

        // when
        writer.close();
        writer.close();

        // then
        assertThatThrownBy(() -> writer.writeAll(List.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> WriteOptions.builder().syncParallelism(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncParallelism=0");
        assertThatThrownBy(() -> WriteOptions.builder().ioMode(null).build()).isInstanceOf(NullPointerException.class);
        assertThat(WriteOptions.defaults()).hasToString("ioMode=MMAP syncMode=BATCH syncParallelism=16 preserveMtime=false");
    }

    static List<WriteResult> writeAll(WriteOptions options, List<PlannedFile> files) {
        try (HeaderBatchWriter writer = new HeaderBatchWriter(options)) {
            return writer.writeAll(files.stream().map(PlannedFile::request).toList());
        }
    }
}
