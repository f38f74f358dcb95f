package io.headpatch.worker.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Roots are held open while someone holds them, shared by holders, and closed by the last one. */
class RootDescriptorsTest {

    @TempDir
    Path root;

    @Test
    void aRootIsOpenWhileHeldAndClosedByItsLastHolder() throws IOException {
        // given
        long before = openDescriptors();

        // when / then
        RootDescriptors.Hold first = RootDescriptors.hold(List.of(root));
        RootDescriptors.Hold second = RootDescriptors.hold(List.of(root));
        assertThat(openDescriptors()).isEqualTo(before + 1);
        int fd = RootDescriptors.borrow(root);
        assertThat(fd).isNotNegative();
        RootDescriptors.giveBack(root);
        first.close();
        first.close();
        assertThat(RootDescriptors.borrow(root)).isEqualTo(fd);
        RootDescriptors.giveBack(root);
        second.close();
        assertThat(RootDescriptors.borrow(root)).isEqualTo(-1);
        assertThat(openDescriptors()).isEqualTo(before);
    }

    @Test
    void aRootReplacedBetweenTwoHoldsIsOpenedAgainAsNamed() throws Exception {
        // given: a file planned below a held root, then the root renamed away and a new one made in its place
        Path folder = Files.createDirectory(root.resolve("srv"));
        Files.write(folder.resolve("f"), new byte[] {1});
        try (RootDescriptors.Hold held = RootDescriptors.hold(List.of(folder))) {
            assertThat(ConfinedFile.openForReading(new RootedPath(folder, Path.of("f"))).read(1)).containsExactly(1);
        }
        Files.move(folder, root.resolve("old"));
        Files.write(Files.createDirectory(folder).resolve("f"), new byte[] {2});

        // when
        byte[] read;
        try (RootDescriptors.Hold held = RootDescriptors.hold(List.of(folder));
             ConfinedFile file = ConfinedFile.openForReading(new RootedPath(folder, Path.of("f")))) {
            read = file.read(1);
        }

        // then
        assertThat(read).containsExactly(2);
    }

    @Test
    void aFileWhoseRootIsSpelledDifferentlyIsOpenedFromTheHeldDescriptor() throws IOException {
        // given: a held root, and a file whose root is the same folder spelled with "." and ".."
        Files.write(Files.createDirectory(root.resolve("srv")).resolve("f"), new byte[] {3});
        Path spelled = root.resolve("srv/./../srv");
        try (RootDescriptors.Hold held = RootDescriptors.hold(List.of(root.resolve("srv")))) {
            long before = openDescriptors();

            // when
            RootedPath file = new RootedPath(spelled, Path.of("f"));

            // then: it names the held root, which is borrowed rather than opened again
            assertThat(file.root()).isEqualTo(root.resolve("srv"));
            assertThat(RootDescriptors.borrow(file.root())).isNotNegative();
            RootDescriptors.giveBack(file.root());
            try (ConfinedFile opened = ConfinedFile.openForReading(file)) {
                assertThat(opened.read(1)).containsExactly(3);
                assertThat(openDescriptors()).isEqualTo(before + 1);
            }
        }
    }

    @Test
    void aRootThatCannotBeOpenedIsNotHeldAndItsFilesSayWhy() {
        Path missing = root.resolve("missing");
        try (RootDescriptors.Hold held = RootDescriptors.hold(List.of(missing))) {
            assertThat(RootDescriptors.borrow(missing)).isEqualTo(-1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfinedFile.openForReading(new RootedPath(missing, Path.of("f"))))
                    .isInstanceOf(FileAccessException.class).hasMessageStartingWith("cannot open root=" + missing);
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
