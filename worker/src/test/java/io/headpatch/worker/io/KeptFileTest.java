package io.headpatch.worker.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A kept descriptor has one owner: the holder until taken, then the taker; the holder never closes what it gave away. */
class KeptFileTest {

    @TempDir
    Path dir;

    @Test
    void theHolderClosesOnlyWhatNobodyTook() throws Exception {
        // given
        Path path = Files.write(dir.resolve("f"), new byte[16]);
        long before = openDescriptors();
        KeptFile untaken = KeptFile.of(ConfinedFile.openForWriting(RootedPath.of(path)));
        KeptFile taken = KeptFile.of(ConfinedFile.openForWriting(RootedPath.of(path)));

        // when
        ConfinedFile mine = taken.take();
        taken.close();
        untaken.close();
        untaken.close();

        // then: the taken descriptor is still open and usable, the other closed
        assertThat(openDescriptors()).isEqualTo(before + 1);
        assertThat(taken.take()).isNull();
        mine.write(new byte[] {7});
        mine.close();
        assertThat(openDescriptors()).isEqualTo(before);
        assertThat(Files.readAllBytes(path)[0]).isEqualTo((byte) 7);
    }

    private static long openDescriptors() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
