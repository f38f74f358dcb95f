package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A failing fdatasync or syncfs makes the file IO_ERROR with the OS reason; SYNCFS only where syncfs reports errors. */
class SyncFailureTest {

    @TempDir
    Path dir;

    @AfterEach
    void realCallsAgain() {
        FileSystemSync.restoreForTests();
    }

    @Test
    void aFailingFdatasyncMakesThatFileIoErrorWithTheOsReason() {
        // given: fdatasync fails with EIO for one file
        List<PlannedFile> files = files("each", 5);
        Path failing = files.get(2).path();
        FileSystemSync.replaceForTests(new InjectedCalls(Set.of(failing), false), "6.1.0");

        // when
        List<WriteResult> results = writeAll(SyncMode.BATCH, files);

        // then: the header is in, but not durable: IO_ERROR with the reason; the others WRITTEN
        assertThat(results.get(2).status()).isEqualTo(Status.IO_ERROR);
        assertThat(results.get(2).reason()).isEqualTo("header written, not durable: fdatasync failed: Input/output error");
        assertThat(results.get(2).errno()).isEqualTo(Posix.EIO);
        assertThat(results).extracting(WriteResult::status).filteredOn(s -> s == Status.WRITTEN).hasSize(4);
        files.forEach(PlannedFile::assertHeaderWritten);
    }

    @Test
    void aFailingSyncfsFallsBackToEachFilesFdatasyncWhichPinsTheError() {
        // given: syncfs fails, and so does one file's fdatasync
        List<PlannedFile> files = files("pinned", 4);
        Path failing = files.get(1).path();
        InjectedCalls calls = new InjectedCalls(Set.of(failing), true);
        FileSystemSync.replaceForTests(calls, "5.8.0");

        // when
        List<WriteResult> results = writeAll(SyncMode.SYNCFS, files);

        // then
        assertThat(calls.syncfs.get()).isEqualTo(1);
        assertThat(calls.fdatasync.get()).isEqualTo(4);
        assertThat(results).extracting(WriteResult::status)
                .containsExactly(Status.WRITTEN, Status.IO_ERROR, Status.WRITTEN, Status.WRITTEN);
        assertThat(results.get(1).reason()).isEqualTo("header written, not durable: fdatasync failed: Input/output error");
    }

    @Test
    void aSyncfsErrorNoFileOwnsFailsEveryFileOfThatFileSystem() {
        // given: syncfs fails, every fdatasync succeeds
        List<PlannedFile> files = files("unpinned", 3);
        FileSystemSync.replaceForTests(new InjectedCalls(Set.of(), true), "6.1.0");

        // when
        List<WriteResult> results = writeAll(SyncMode.SYNCFS, files);

        // then: any of them may have lost its header
        assertThat(results).extracting(WriteResult::status).containsOnly(Status.IO_ERROR);
        assertThat(results).extracting(WriteResult::reason)
                .containsOnly("header written, not durable: syncfs failed: Input/output error");
    }

    @Test
    void beforeLinux58SyncfsIsNeverTrustedAndEachFileIsSynced() {
        // given: a kernel whose syncfs returns 0 whatever happened
        List<PlannedFile> files = files("old-kernel", 3);
        InjectedCalls calls = new InjectedCalls(Set.of(files.get(0).path()), true);
        FileSystemSync.replaceForTests(calls, "5.4.0-150-generic");

        // when
        List<WriteResult> results = writeAll(SyncMode.SYNCFS, files);

        // then
        assertThat(calls.syncfs.get()).isZero();
        assertThat(calls.fdatasync.get()).isEqualTo(3);
        assertThat(results).extracting(WriteResult::status).containsExactly(Status.IO_ERROR, Status.WRITTEN, Status.WRITTEN);
    }

    @Test
    void kernelReleasesAreJudgedByMajorAndMinor() {
        assertThat(FileSystemSync.reportsErrors("5.8.0")).isTrue();
        assertThat(FileSystemSync.reportsErrors("6.18.44-fc-v782")).isTrue();
        assertThat(FileSystemSync.reportsErrors("5.7.19")).isFalse();
        assertThat(FileSystemSync.reportsErrors("4.19.0-27-amd64")).isFalse();
        assertThat(FileSystemSync.reportsErrors("unknown")).isFalse();
    }

    private List<PlannedFile> files(String prefix, int count) {
        List<PlannedFile> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(PlannedFile.create(dir, prefix + i, 1_000, 64));
        }
        return files;
    }

    private static List<WriteResult> writeAll(SyncMode syncMode, List<PlannedFile> files) {
        try (HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.builder().syncMode(syncMode).syncParallelism(2).build())) {
            return writer.writeAll(files.stream().map(PlannedFile::request).toList());
        }
    }

    /** fdatasync fails with EIO for the given files, syncfs always when asked to; counts the calls. */
    private static final class InjectedCalls implements FileSystemSync.Calls {
        private final Set<Path> failingFiles;
        private final boolean syncfsFails;
        final AtomicInteger fdatasync = new AtomicInteger();
        final AtomicInteger syncfs = new AtomicInteger();

        InjectedCalls(Set<Path> failingFiles, boolean syncfsFails) {
            this.failingFiles = failingFiles;
            this.syncfsFails = syncfsFails;
        }

        @Override
        public void fdatasync(ConfinedFile file) throws FileAccessException {
            fdatasync.incrementAndGet();
            if (failingFiles.contains(file.file().path())) {
                throw FileAccessException.of(Posix.EIO, "fdatasync failed", null);
            }
            file.datasync();
        }

        @Override
        public void syncfs(ConfinedFile file) throws FileAccessException {
            syncfs.incrementAndGet();
            if (syncfsFails) {
                throw FileAccessException.of(Posix.EIO, "syncfs failed", null);
            }
            FileSystemSync.Calls.KERNEL.syncfs(file);
        }
    }
}
