package io.headpatch.worker.check;

import java.nio.file.Path;

/**
 * What rollback will do to one file. {@link CheckOutcome#ROLLED_BACK} means: write {@code original}
 * over the after-image, re-checking {@code size} and {@code fileKey} first.
 */
public record RollbackPlan(Path path, CheckOutcome outcome, String reason, byte[] original, long size, Object fileKey) {
}
