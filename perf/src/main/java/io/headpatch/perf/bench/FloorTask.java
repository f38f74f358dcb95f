package io.headpatch.perf.bench;

/**
 * What the floor does: {@code writers} threads each take {@code batch} files at a time, write {@code header} at
 * offset 0 of each the {@code io} way, then {@code fdatasync} the batch {@code syncParallelism} at a time.
 */
record FloorTask(String dir, String header, FloorIo io, int writers, int batch, int syncParallelism) {
}
