package io.headpatch.worker.plan;

import java.util.HexFormat;

/** Lowercase hex for reasons and reports. */
public final class Hex {

    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    public static String of(byte[] bytes) {
        return bytes == null ? "" : FORMAT.formatHex(bytes);
    }

    public static byte[] parse(String hex) {
        return FORMAT.parseHex(hex);
    }
}
