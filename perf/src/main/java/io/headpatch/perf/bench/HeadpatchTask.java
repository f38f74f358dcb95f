package io.headpatch.perf.bench;

import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;

/** One end-to-end launch of headpatch: the built-in fhdr-v1.3 spec on every file under {@code dir}. */
record HeadpatchTask(String jdbcUrl, String user, String dir, IoMode io, SyncMode sync, int partitions, int threads,
                     int chunk, int syncParallelism) {
}
