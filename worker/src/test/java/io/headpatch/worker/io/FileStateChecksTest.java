package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Files that changed since planning, or were never regular, are reported and left alone. */
class FileStateChecksTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void symlinkIsNotFollowed(IoMode ioMode) throws Exception {
        // given
        PlannedFile target = PlannedFile.create(dir, "target", 900, 64);
        Path link = Files.createSymbolicLink(dir.resolve("link"), target.path());

        // when
        WriteResult result = writeOne(ioMode, new WriteRequest(link, target.request().header(), 900, null));

        // then
        assertThat(result.status()).isEqualTo(Status.NOT_REGULAR);
        assertThat(result.reason()).isEqualTo("symbolic link (not followed)");
        target.assertUntouched();
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void directoryIsNotRegular(IoMode ioMode) throws Exception {
        // given
        Path directory = Files.createDirectory(dir.resolve("sub"));

        // when
        WriteResult result = writeOne(ioMode, new WriteRequest(directory, new byte[64], 4096, null));

        // then
        assertThat(result.status()).isEqualTo(Status.NOT_REGULAR);
        assertThat(result.reason()).isEqualTo("directory");
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void fifoIsNeverOpened(IoMode ioMode) throws Exception {
        // given
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();

        // when
        WriteResult result = writeOne(ioMode, new WriteRequest(fifo, new byte[64], 0, null));

        // then
        assertThat(result.status()).isEqualTo(Status.NOT_REGULAR);
        assertThat(result.reason()).isEqualTo("not a regular file (FIFO, device or socket)");
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void deletedFileIsGone(IoMode ioMode) throws Exception {
        // given
        PlannedFile file = PlannedFile.create(dir, "deleted", 900, 64);
        Files.delete(file.path());

        // when
        WriteResult result = writeOne(ioMode, file.request());

        // then
        assertThat(result.status()).isEqualTo(Status.GONE);
        assertThat(result.reason()).isEqualTo("no such file");
        assertThat(file.path()).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void grownFileIsChangedAndUntouched(IoMode ioMode) throws Exception {
        // given
        PlannedFile file = PlannedFile.create(dir, "grown", 900, 64);
        Files.write(file.path(), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        byte[] grown = Files.readAllBytes(file.path());

        // when
        WriteResult result = writeOne(ioMode, file.request());

        // then
        assertThat(result.status()).isEqualTo(Status.CHANGED);
        assertThat(result.reason()).isEqualTo("size=903 expected=900");
        assertThat(Files.readAllBytes(file.path())).isEqualTo(grown);
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void fileShorterThanItsHeaderIsChanged(IoMode ioMode) throws Exception {
        // given
        PlannedFile file = PlannedFile.create(dir, "short", 40, 40);
        WriteRequest tooLong = new WriteRequest(file.path(), new byte[64], 40, null);

        // when
        WriteResult result = writeOne(ioMode, tooLong);

        // then
        assertThat(result.status()).isEqualTo(Status.CHANGED);
        assertThat(result.reason()).isEqualTo("size=40 headerLength=64");
        file.assertUntouched();
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void fileReplacedBySameSizedOneIsChanged(IoMode ioMode) throws Exception {
        // given
        PlannedFile planned = PlannedFile.create(dir, "planned", 900, 64);
        PlannedFile replacement = PlannedFile.create(dir, "replacement", 900, 64);
        Files.move(replacement.path(), planned.path(), StandardCopyOption.REPLACE_EXISTING);

        // when
        WriteResult result = writeOne(ioMode, planned.request());

        // then
        assertThat(result.status()).isEqualTo(Status.CHANGED);
        assertThat(result.reason()).startsWith("file replaced: device=").contains(" expected device=");
        assertThat(Files.readAllBytes(planned.path())).isEqualTo(replacement.original());
    }

    private static WriteResult writeOne(IoMode ioMode, WriteRequest request) {
        try (HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.builder().ioMode(ioMode).build())) {
            List<WriteResult> results = writer.writeAll(List.of(request));
            assertThat(results).hasSize(1);
            return results.get(0);
        }
    }
}
