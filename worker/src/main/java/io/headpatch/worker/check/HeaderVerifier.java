package io.headpatch.worker.check;

import io.headpatch.worker.plan.HeaderRead;
import io.headpatch.worker.plan.HeaderReader;
import io.headpatch.worker.plan.Hex;

import java.nio.file.Path;
import java.util.Arrays;

/** Re-reads a patched file and compares its header with the after-image that was written. Reads only. */
public final class HeaderVerifier {

    private HeaderVerifier() {
    }

    public static CheckResult verify(Path path, byte[] expected) {
        HeaderRead read = HeaderReader.read(path, expected.length);
        if (!read.ok()) {
            return new CheckResult(path, CheckOutcome.UNREADABLE, read.failure() + ": " + read.reason());
        }
        if (Arrays.equals(read.header(), expected)) {
            return new CheckResult(path, CheckOutcome.MATCHES, null);
        }
        return new CheckResult(path, CheckOutcome.MISMATCH,
                "expected=" + Hex.of(expected) + " actual=" + Hex.of(read.header()));
    }
}
