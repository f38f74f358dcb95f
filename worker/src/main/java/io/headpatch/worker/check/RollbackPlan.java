package io.headpatch.worker.check;

import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.RootedPath;

/**
 * What rollback will do to one file. {@link CheckOutcome#ROLLED_BACK} means: write {@code original}
 * over the header, re-checking the file's {@code identity} (device, inode, size, mtime) on the descriptor first.
 */
public record RollbackPlan(RootedPath file, CheckOutcome outcome, String reason, byte[] original, FileIdentity identity) {
}
