package io.headpatch.worker.spec;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The types a field can have. Integers state their byte order; nothing uses the platform's. */
enum FieldType {
    U8("u8", 1, true),
    U16LE("u16le", 2, true),
    U16BE("u16be", 2, false),
    U32LE("u32le", 4, true),
    U32BE("u32be", 4, false),
    U64LE("u64le", 8, true),
    U64BE("u64be", 8, false),
    /** Raw bytes given as hex; the width is the length of the hex. */
    BYTES("bytes", 0, false),
    /** Fixed-width text given by {@code length:}, padded. */
    ASCII("ascii", 0, false);

    private final String yamlName;
    private final int width;
    private final boolean littleEndian;

    FieldType(String yamlName, int width, boolean littleEndian) {
        this.yamlName = yamlName;
        this.width = width;
        this.littleEndian = littleEndian;
    }

    /** The type spelled {@code name} in YAML, or null. */
    static FieldType byName(String name) {
        return Arrays.stream(values()).filter(type -> type.yamlName.equals(name)).findFirst().orElse(null);
    }

    static String names() {
        return Arrays.stream(values()).map(FieldType::toString).collect(Collectors.joining(", "));
    }

    boolean isInteger() {
        return width > 0;
    }

    /** Bytes of an integer type. */
    int width() {
        return width;
    }

    boolean holdsChecksum() {
        return this == U32LE || this == U32BE;
    }

    /** Whether an integer type holds {@code value}: unsigned, at most {@code 8 * width} bits. */
    boolean fits(BigInteger value) {
        return value.signum() >= 0 && value.bitLength() <= 8 * width;
    }

    /** Writes the low {@code width} bytes of {@code value} (two's complement, so u64 above 2^63-1 works too). */
    void write(long value, byte[] header, int offset) {
        for (int i = 0; i < width; i++) {
            header[littleEndian ? offset + i : offset + width - 1 - i] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
