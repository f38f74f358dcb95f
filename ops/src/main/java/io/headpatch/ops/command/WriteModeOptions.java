package io.headpatch.ops.command;

import io.headpatch.ops.UserException;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.io.WriteOptions;
import picocli.CommandLine.Option;

/** How headers are written and made durable: the options of {@code launch} and {@code rollback}. */
public final class WriteModeOptions {

    /** The worker's defaults are the only ones: each option starts from them. */
    private static final WriteOptions DEFAULTS = WriteOptions.defaults();

    @Option(names = "--io", paramLabel = "IO_MODE",
            description = "how headers are written: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    IoMode ioMode = DEFAULTS.ioMode();

    @Option(names = "--sync", paramLabel = "SYNC_MODE",
            description = "how writes are made durable: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    SyncMode syncMode = DEFAULTS.syncMode();

    @Option(names = "--sync-parallelism", paramLabel = "N", description = "files synced at once per chunk (default: ${DEFAULT-VALUE})")
    int syncParallelism = DEFAULTS.syncParallelism();

    @Option(names = "--preserve-mtime", description = "restore each file's modification time after writing")
    boolean preserveMtime;

    /** @throws UserException (usage) naming the option that does not fit */
    WriteOptions toWriteOptions() {
        try {
            return WriteOptions.builder().ioMode(ioMode).syncMode(syncMode).syncParallelism(syncParallelism)
                    .preserveMtime(preserveMtime).build();
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
    }
}
