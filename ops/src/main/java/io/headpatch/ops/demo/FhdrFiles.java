package io.headpatch.ops.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Generates files of the demo format {@code fhdr} v1.2 (docs/spec-format.md): a 64-byte header (magic
 * "FILE", CRC32C of bytes 8–63 big-endian at 4, epoch-ms timestamp little-endian at 8, version
 * 0x0102 big-endian at 62) and a random body, 600–1800 bytes in all, 1,000 per folder.
 */
public final class FhdrFiles {

    public static final int HEADER_LENGTH = 64;
    public static final int FILES_PER_FOLDER = 1_000;

    private FhdrFiles() {
    }

    /** Writes {@code count} files under {@code dir}, deterministic for a seed; returns their paths in order. */
    public static java.util.List<Path> generate(Path dir, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        java.util.List<Path> paths = new java.util.ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Path folder = dir.resolve(String.format("d%05d", i / FILES_PER_FOLDER));
                if (i % FILES_PER_FOLDER == 0) {
                    Files.createDirectories(folder);
                }
                Path file = folder.resolve(String.format("f%07d.fhdr", i));
                Files.write(file, file(random, 600 + random.nextInt(1201)));
                paths.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    static byte[] file(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        header.put(0, new byte[] {'F', 'I', 'L', 'E'});
        header.order(ByteOrder.LITTLE_ENDIAN).putLong(8, 1_600_000_000_000L + random.nextInt(1_000_000_000));
        header.order(ByteOrder.BIG_ENDIAN).putShort(62, (short) 0x0102);
        header.putInt(4, crc32c(bytes));
        return bytes;
    }

    private static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 8, HEADER_LENGTH - 8);
        return (int) crc.getValue();
    }
}
