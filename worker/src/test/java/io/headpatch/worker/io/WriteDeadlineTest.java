package io.headpatch.worker.io;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deadline passed in the middle of a batch: the files before it are written and synced, none after it is touched. */
class WriteDeadlineTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void nothingIsWrittenOnceTheDeadlineHasPassed(IoMode io) {
        // given: ten planned files, a deadline that passes before the fourth
        List<PlannedFile> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(PlannedFile.create(dir, "f" + i, 900, 64));
        }
        AtomicInteger asked = new AtomicInteger();
        WriteDeadline deadline = () -> asked.incrementAndGet() > 3 ? "lease passed" : null;

        // when / then
        try (HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.builder().ioMode(io).build())) {
            assertThatThrownBy(() -> writer.writeAll(files.stream().map(PlannedFile::request).toList(), deadline))
                    .isInstanceOfSatisfying(WriteDeadlinePassedException.class, e -> assertThat(e.written()).isEqualTo(3))
                    .hasMessage("lease passed: 3 of 10 files of the batch written, nothing more");
        }
        for (int i = 0; i < 10; i++) {
            if (i < 3) {
                files.get(i).assertHeaderWritten();
            } else {
                files.get(i).assertUntouched();
            }
        }
    }
}
