package io.headpatch.worker.check;

import java.nio.file.Path;

/** The outcome of verifying or rolling back one file, with a reason for every problem. */
public record CheckResult(Path path, CheckOutcome outcome, String reason) {
}
