package io.headpatch.job.chunk;

import java.util.List;

/**
 * Points of the crash protocol where tests inject failures and pauses (a kill -9 "during a
 * commit"). The default does nothing.
 */
public interface ChunkHook {

    ChunkHook NONE = new ChunkHook() {
    };

    /** After the journal of a chunk is committed, before any file is written. */
    default void afterJournal(String partition, List<PlannedFile> chunk) {
    }

    /** After the files of a chunk are written and synced, before outcomes and checkpoint commit. */
    default void beforeCommit(String partition, List<PlannedFile> chunk) {
    }
}
