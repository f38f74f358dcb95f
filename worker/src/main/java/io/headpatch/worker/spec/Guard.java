package io.headpatch.worker.spec;

import java.util.Arrays;
import java.util.HexFormat;

/** One entry of {@code match:}: the bytes a header must hold at {@code offset} for the spec to apply. */
record Guard(int offset, byte[] expected) {

    /** Null when the guard holds, else why not, e.g. "guard offset=0 expected=1f8b08 actual=504b03". */
    String failure(byte[] header) {
        int to = offset + expected.length;
        if (Arrays.equals(header, offset, to, expected, 0, expected.length)) {
            return null;
        }
        HexFormat hex = HexFormat.of();
        return "guard offset=" + offset + " expected=" + hex.formatHex(expected)
                + " actual=" + hex.formatHex(header, offset, to);
    }
}
