package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One writer per header: a writer paused after its last checks (past its lease) holds the header's lock, and every
 * other write of that file is refused until it lets go. The holder here is another open file description, which is
 * all the kernel tells apart (another process has one of its own).
 */
class HeaderLockTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void aHeaderLockedByAnotherWriterIsLeftUntouchedUntilItLetsGo(IoMode ioMode) throws Exception {
        // given
        PlannedFile file = PlannedFile.create(dir, "held", 1_500, 64);
        WriteOptions options = WriteOptions.builder().ioMode(ioMode).build();
        try (ConfinedFile holder = ConfinedFile.openForWriting(RootedPath.of(file.path()))) {
            HeaderLock.lock(holder, 16);

            // when
            List<WriteResult> refused = write(options, file.request(), WriteDeadline.NONE);

            // then
            assertThat(refused).singleElement().satisfies(result -> {
                assertThat(result.status()).isEqualTo(Status.IO_ERROR);
                assertThat(result.reason()).contains("holds a lock on the header", "left untouched");
            });
            file.assertUntouched();
        }

        // when the holder has closed
        List<WriteResult> written = write(options, file.request(), WriteDeadline.NONE);

        // then
        assertThat(written).extracting(WriteResult::status).containsExactly(Status.WRITTEN);
        file.assertHeaderWritten();
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void aDeadlinePassedOnceLockedWritesNothingAndLetsGoOfTheLock(IoMode ioMode) throws Exception {
        // given
        PlannedFile file = PlannedFile.create(dir, "late", 1_500, 64);
        WriteDeadline passed = () -> "lease passed 3 s ago";

        // when
        assertThatThrownBy(() -> write(WriteOptions.builder().ioMode(ioMode).build(), file.request(), passed))
                .isInstanceOf(WriteDeadlinePassedException.class).hasMessageContaining("lease passed 3 s ago");

        // then
        file.assertUntouched();
        try (ConfinedFile other = ConfinedFile.openForReading(RootedPath.of(file.path()))) {
            assertThat(HeaderLock.heldByAnother(other, 64)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void aWriterLetsGoOfTheLockOnceTheHeaderIsInBeforeItsSyncAndClose(IoMode ioMode) throws Exception {
        // given
        PlannedFile file = PlannedFile.create(dir, "written", 1_500, 64);
        try (HeaderWriter writer = HeaderWriter.of(ioMode, false)) {

            // when
            WrittenHeader written = writer.write(file.request());

            // then the file, still open and mapped, unsynced, is free for the next writer
            try (ConfinedFile other = ConfinedFile.openForWriting(RootedPath.of(file.path()))) {
                assertThatCode(() -> HeaderLock.lock(other, 64)).doesNotThrowAnyException();
            }
            writer.endBatch();
            written.sync();
            written.close();
            assertThat(written.result().status()).isEqualTo(Status.WRITTEN);
            file.assertHeaderWritten();
        }
    }

    private static List<WriteResult> write(WriteOptions options, WriteRequest request, WriteDeadline deadline) {
        try (HeaderBatchWriter writer = new HeaderBatchWriter(options)) {
            return writer.writeAll(List.of(request), deadline);
        }
    }
}
