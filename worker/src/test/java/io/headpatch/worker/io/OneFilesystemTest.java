package io.headpatch.worker.io;

import io.headpatch.worker.io.FileAccessException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A file kept on its root's file system ({@code --one-filesystem}) is never opened across a mount point that appeared
 * below the root, whichever way files are reached (openat2 here, the descent in the surefire execution "descent");
 * without the flag the same file is opened and written as before. Real mounts: needs root, as headpatch runs, and
 * fails rather than skips without it.
 */
class OneFilesystemTest {

    @TempDir
    Path dir;

    private final Deque<Path> mounted = new ArrayDeque<>();

    @AfterEach
    void unmount() throws Exception {
        while (!mounted.isEmpty()) {
            run("umount", mounted.pop().toString());
        }
    }

    @Test
    void aFileOnATmpfsMountedBelowTheRootIsNotWrittenUnderOneFilesystem() throws Exception {
        // given: root/d0001 became a tmpfs mount point, a file on it
        Path root = Files.createDirectories(dir.resolve("root"));
        mount(Files.createDirectory(root.resolve("d0001")), "-t", "tmpfs", "-o", "size=1m", "tmpfs");
        PlannedFile onMount = PlannedFile.create(root.resolve("d0001"), "f.bin", 900, 64);

        // when
        WriteResult result = write(onMount, root, true);

        // then
        assertThat(result.status()).isEqualTo(WriteResult.Status.CHANGED);
        assertThat(result.reason()).isEqualTo("on another file system (mount point at d0001)");
        onMount.assertUntouched();
        assertThatThrownBy(() -> ConfinedFile.openForReading(rooted(onMount, root, true)))
                .isInstanceOfSatisfying(FileAccessException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CHANGED))
                .hasMessage("on another file system (mount point at d0001)");
    }

    @Test
    void withoutOneFilesystemTheFileOnTheMountIsWrittenAsBefore() throws Exception {
        // given
        Path root = Files.createDirectories(dir.resolve("root"));
        mount(Files.createDirectories(root.resolve("a/d0001")), "-t", "tmpfs", "-o", "size=1m", "tmpfs");
        PlannedFile onMount = PlannedFile.create(root.resolve("a/d0001"), "f.bin", 900, 64);

        // when
        WriteResult result = write(onMount, root, false);

        // then
        assertThat(result.status()).isEqualTo(WriteResult.Status.WRITTEN);
        onMount.assertHeaderWritten();
    }

    @Test
    void aBindMountOfTheSameFileSystemIsAMountPointTooAndAFileCanBeOne() throws Exception {
        // given: a folder bound onto itself (same device, same inodes) and a file bound over another file
        Path root = Files.createDirectories(dir.resolve("root"));
        Path folder = Files.createDirectories(root.resolve("a/b"));
        PlannedFile inBoundFolder = PlannedFile.create(folder, "f.bin", 900, 64);
        PlannedFile boundFile = PlannedFile.create(root.resolve("a"), "g.bin", 900, 64);
        PlannedFile source = PlannedFile.create(Files.createDirectory(dir.resolve("elsewhere")), "g.bin", 900, 64);
        mount(folder, "--bind", folder.toString());
        mount(boundFile.path(), "--bind", source.path().toString());

        // when
        WriteResult inFolder = write(inBoundFolder, root, true);
        WriteResult overFile = write(boundFile, root, true);

        // then
        assertThat(inFolder.reason()).isEqualTo("on another file system (mount point at a/b)");
        assertThat(overFile.reason()).isEqualTo("on another file system (mount point at a/g.bin)");
        inBoundFolder.assertUntouched();
        source.assertUntouched();
        assertThat(write(inBoundFolder, root, false).status()).isEqualTo(WriteResult.Status.WRITTEN);
        inBoundFolder.assertHeaderWritten();
    }

    @Test
    void aMountAppearingBetweenTheOpenAndTheWriteFailsTheCheckBeforeTheWrite() throws Exception {
        // given: the file opened to be patched (kept open for the write), then a tmpfs mounted over its folder
        Path root = Files.createDirectories(dir.resolve("root"));
        PlannedFile planned = PlannedFile.create(Files.createDirectory(root.resolve("d0001")), "f.bin", 900, 64);
        ConfinedFile kept = ConfinedFile.openForPatching(rooted(planned, root, true));
        WriteRequest request = new WriteRequest(kept.file(), planned.request().header(), 900, kept.identity(), kept);
        mount(root.resolve("d0001"), "-t", "tmpfs", "-o", "size=1m", "tmpfs");

        // when
        WriteResult result;
        try (HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.defaults())) {
            result = writer.writeAll(List.of(request)).get(0);
        }

        // then: nothing written through the kept descriptor
        assertThat(result.status()).isEqualTo(WriteResult.Status.CHANGED);
        assertThat(result.reason()).isEqualTo("on another file system (mount point at d0001)");
        unmount();
        planned.assertUntouched();
    }

    @Test
    void aPathUnderNoRootHasNoChosenFileSystemToKeepTo() {
        // a manifest without roots: its paths are below "/", which the operator did not choose as a root
        assertThat(RootedPath.under(Path.of("/srv/a/b"), List.of(Path.of("/srv")), true).oneFilesystem()).isTrue();
        assertThat(RootedPath.under(Path.of("/elsewhere/b"), List.of(Path.of("/srv")), true).oneFilesystem()).isFalse();
    }

    private static WriteResult write(PlannedFile planned, Path root, boolean oneFilesystem) throws Exception {
        WriteRequest request = new WriteRequest(rooted(planned, root, oneFilesystem), planned.request().header(),
                planned.original().length, FileIdentity.of(planned.path()));
        try (HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.defaults())) {
            return writer.writeAll(List.of(request)).get(0);
        }
    }

    private static RootedPath rooted(PlannedFile planned, Path root, boolean oneFilesystem) {
        return RootedPath.under(planned.path(), List.of(root), oneFilesystem);
    }

    private void mount(Path at, String... how) throws Exception {
        String[] command = new String[how.length + 2];
        command[0] = "mount";
        System.arraycopy(how, 0, command, 1, how.length);
        command[command.length - 1] = at.toString();
        run(command);
        mounted.push(at);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as("%s (needs root)", String.join(" ", command)).isZero();
    }
}
