package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PreserveMtimeTest {

    private static final FileTime OLD = FileTime.from(Instant.parse("2001-02-03T04:05:06.789Z"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void mtimeIsRestoredWhenAsked(IoMode ioMode) throws IOException {
        for (SyncMode syncMode : SyncMode.values()) {
            // given
            PlannedFile file = oldFile(ioMode + "-" + syncMode);

            // when
            WriteResult result = writeOne(file, WriteOptions.builder().ioMode(ioMode).syncMode(syncMode).preserveMtime(true).build());

            // then
            assertThat(result.status()).isEqualTo(Status.WRITTEN);
            file.assertHeaderWritten();
            assertThat(Files.getLastModifiedTime(file.path())).as("%s", syncMode).isEqualTo(OLD);
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void mtimeMovesWhenNotAsked(IoMode ioMode) throws IOException {
        // given
        PlannedFile file = oldFile("moves");

        // when
        WriteResult result = writeOne(file, WriteOptions.builder().ioMode(ioMode).build());

        // then
        assertThat(result.status()).isEqualTo(Status.WRITTEN);
        assertThat(Files.getLastModifiedTime(file.path())).isGreaterThan(OLD);
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void fileNotWrittenKeepsItsMtimeUntouched(IoMode ioMode) throws IOException {
        // given
        PlannedFile file = oldFile("changed");
        WriteRequest wrongSize = new WriteRequest(file.path(), file.request().header(), 1, null);

        // when
        WriteResult result;
        try (HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.builder().ioMode(ioMode).preserveMtime(true).build())) {
            result = writer.writeAll(List.of(wrongSize)).get(0);
        }

        // then
        assertThat(result.status()).isEqualTo(Status.CHANGED);
        assertThat(Files.getLastModifiedTime(file.path())).isEqualTo(OLD);
    }

    private PlannedFile oldFile(String name) throws IOException {
        PlannedFile file = PlannedFile.create(dir, name, 1200, 64);
        Files.setLastModifiedTime(file.path(), OLD);
        // Planned after the mtime was set: a write checks the mtime the plan saw.
        WriteRequest planned = file.request();
        return new PlannedFile(file.path(), file.original(),
                new WriteRequest(planned.file(), planned.header(), planned.expectedSize(), FileIdentity.of(file.path())));
    }

    private static WriteResult writeOne(PlannedFile file, WriteOptions options) {
        try (HeaderBatchWriter writer = new HeaderBatchWriter(options)) {
            return writer.writeAll(List.of(file.request())).get(0);
        }
    }
}
