package io.headpatch.job.chunk;

import io.headpatch.worker.io.WriteDeadline;

/**
 * One writer per partition: the crash protocol asks before writing a chunk's files whether this
 * process still holds its partition. An implementation throws to stop the partition.
 */
public interface ChunkFence {

    /** For tests and dry runs: every chunk may write. */
    ChunkFence NONE = new ChunkFence() {
        @Override
        public void confirm() {
        }

        @Override
        public void beforeWrites() {
        }

        @Override
        public WriteDeadline deadline() {
            return WriteDeadline.NONE;
        }
    };

    /** Inside the chunk's journal transaction: the claim still holds, or this throws and nothing is journaled. */
    void confirm();

    /** Right before the first file is written: the confirmation is still recent, or this throws (e.g. after a long pause). */
    void beforeWrites();

    /** Asked before each file's write of the chunk: the confirmation is still recent (no round trip, no system call). */
    WriteDeadline deadline();
}
