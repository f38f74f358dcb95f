package io.headpatch.worker.spec;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.zip.Checksum;

/** The checksums a u32 field can hold, keyed as in YAML ({@code crc32c: { from: 8, to: 64 }}). */
enum ChecksumAlgorithm {
    CRC32("crc32", java.util.zip.CRC32::new),
    CRC32C("crc32c", java.util.zip.CRC32C::new),
    ADLER32("adler32", java.util.zip.Adler32::new);

    private final String key;
    private final Supplier<Checksum> factory;

    ChecksumAlgorithm(String key, Supplier<Checksum> factory) {
        this.key = key;
        this.factory = factory;
    }

    /** The algorithm with YAML key {@code key}, or null. */
    static ChecksumAlgorithm byKey(String key) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.key.equals(key)).findFirst().orElse(null);
    }

    String key() {
        return key;
    }

    /** The checksum of {@code data[from, to)}. */
    long compute(byte[] data, int from, int to) {
        Checksum checksum = factory.get();
        checksum.update(data, from, to - from);
        return checksum.getValue();
    }

    @Override
    public String toString() {
        return key;
    }
}
