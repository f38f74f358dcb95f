package io.headpatch.worker.spec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One check of {@code match:} or {@code done:} on a header: bytes that must be there, or a checksum
 * field that must hold the checksum of its range.
 */
sealed interface Guard {

    /** Null when the check holds, else why not, e.g. "guard offset=0 expected=1f8b08 actual=504b03". */
    String failure(byte[] header);

    /** The bytes a header must hold at {@code offset}. */
    record Value(int offset, byte[] expected) implements Guard {

        @Override
        public String failure(byte[] header) {
            int to = offset + expected.length;
            if (Arrays.equals(header, offset, to, expected, 0, expected.length)) {
                return null;
            }
            HexFormat hex = HexFormat.of();
            return "guard offset=" + offset + " expected=" + hex.formatHex(expected)
                    + " actual=" + hex.formatHex(header, offset, to);
        }
    }

    /** The u32 field at {@code offset} must equal the checksum of its range, as a set-field would have written it. */
    record Checksum(int offset, FieldType type, FieldValue.Checksum range) implements Guard {

        @Override
        public String failure(byte[] header) {
            byte[] expected = new byte[type.width()];
            type.write(range.algorithm().compute(header, range.from(), range.to()), expected, 0);
            if (Arrays.equals(header, offset, offset + expected.length, expected, 0, expected.length)) {
                return null;
            }
            HexFormat hex = HexFormat.of();
            return "guard offset=" + offset + " " + range.algorithm() + "[" + range.from() + "," + range.to() + ")"
                    + " expected=" + hex.formatHex(expected) + " actual=" + hex.formatHex(header, offset, offset + expected.length);
        }
    }
}
