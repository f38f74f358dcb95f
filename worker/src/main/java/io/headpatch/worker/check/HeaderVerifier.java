package io.headpatch.worker.check;

import io.headpatch.worker.plan.HeaderRead;
import io.headpatch.worker.plan.HeaderReader;

import java.util.Arrays;

/**
 * Re-reads a journaled file (from its root, no link followed) and compares its header with the after-image that was
 * written. Reads only.
 */
public final class HeaderVerifier {

    private HeaderVerifier() {
    }

    public static CheckResult verify(JournaledFile file) {
        byte[] before = file.journal().before();
        byte[] after = file.journal().after();
        HeaderRead read = HeaderReader.read(file.file(), after.length);
        if (!read.ok()) {
            return file.leftAlone()
                    ? result(file, CheckOutcome.UNTOUCHED, "outcome=" + file.outcome() + ": " + read.failure() + ": " + read.reason())
                    : result(file, CheckOutcome.UNREADABLE, read.failure() + ": " + read.reason() + " " + file.images(null));
        }
        byte[] actual = read.header();
        if (Arrays.equals(actual, after)) {
            // A file with other names (only ever written under --allow-hard-links) is named as such.
            return result(file, CheckOutcome.MATCHES, read.identity().hardLinks());
        }
        if (file.claimedDone()) {
            return result(file, CheckOutcome.MISMATCH, "outcome=" + file.outcome() + " " + file.images(actual));
        }
        if (Arrays.equals(actual, before)) {
            return result(file, CheckOutcome.UNTOUCHED, "outcome=" + file.outcome() + ": header is the original");
        }
        if (file.journal().explains(actual)) {
            return result(file, CheckOutcome.MISMATCH, "torn mix of original and after-image " + file.images(actual));
        }
        return file.leftAlone()
                ? result(file, CheckOutcome.UNTOUCHED, "outcome=" + file.outcome() + ": header changed by someone else " + file.images(actual))
                : result(file, CheckOutcome.MISMATCH, "outcome=" + file.outcome() + " " + file.images(actual));
    }

    private static CheckResult result(JournaledFile file, CheckOutcome outcome, String reason) {
        return new CheckResult(file.file().path(), outcome, reason);
    }
}
