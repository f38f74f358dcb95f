package io.headpatch.worker.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A real file of random bytes and a random header planned for it, with checks of what ended up on disk. */
record PlannedFile(Path path, byte[] original, WriteRequest request) {

    private static final Random RANDOM = new Random(0x4EAD_9A7C);

    static PlannedFile create(Path dir, String name, int size, int headerLength) {
        try {
            Path path = dir.resolve(name);
            byte[] original = randomBytes(size);
            Files.write(path, original);
            FileIdentity fileKey = FileIdentity.of(path);
            return new PlannedFile(path, original, new WriteRequest(path, randomBytes(headerLength), size, fileKey));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int randomSize(int from, int to) {
        synchronized (RANDOM) {
            return from + RANDOM.nextInt(to - from + 1);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        synchronized (RANDOM) {
            RANDOM.nextBytes(bytes);
        }
        return bytes;
    }

    /** Header in [0, headerLength), every other byte and the length as they were. */
    void assertHeaderWritten() {
        byte[] now = read();
        byte[] header = request.header();
        assertThat(now).as("length of %s", path).hasSize(original.length);
        assertThat(Arrays.copyOfRange(now, 0, header.length)).as("header of %s", path).isEqualTo(header);
        assertThat(Arrays.copyOfRange(now, header.length, now.length)).as("body of %s", path)
                .isEqualTo(Arrays.copyOfRange(original, header.length, original.length));
    }

    void assertUntouched() {
        assertThat(read()).as("content of %s", path).isEqualTo(original);
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
