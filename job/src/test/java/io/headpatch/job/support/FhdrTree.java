package io.headpatch.job.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * Test trees of fhdr v1.2 files (docs/spec-format.md, "The demo format fhdr"), 1,000 per folder, deterministic
 * for a seed. The job module cannot see ops' demo generator, and its tests need no more than this.
 */
public final class FhdrTree {

    private FhdrTree() {
    }

    public static List<Path> generate(Path dir, int count, long seed) {
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Path file = dir.resolve("d%05d/f%07d.fhdr".formatted(i / 1_000, i));
                Files.createDirectories(file.getParent());
                byte[] bytes = new byte[600 + random.nextInt(1_201)];
                random.nextBytes(bytes);
                ByteBuffer header = ByteBuffer.wrap(bytes).put(0, "FILE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                header.order(ByteOrder.LITTLE_ENDIAN).putLong(8, 1_600_000_000_000L + random.nextInt(1_000_000_000));
                header.order(ByteOrder.BIG_ENDIAN).putShort(62, (short) 0x0102);
                CRC32C crc = new CRC32C();
                crc.update(bytes, 8, 56);
                header.putInt(4, (int) crc.getValue());
                files.add(Files.write(file, bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
