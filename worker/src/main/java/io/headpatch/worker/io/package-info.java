/**
 * Writing planned headers into files and making a batch of them durable (steps 3 and 4 of docs/design.md's crash
 * protocol).
 *
 * <p>{@link io.headpatch.worker.io.HeaderBatchWriter} is the entry point: built from
 * {@link io.headpatch.worker.io.WriteOptions} (io mode, sync mode, sync parallelism, preserve mtime), its
 * {@code writeAll} takes {@link io.headpatch.worker.io.WriteRequest}s (path, header bytes, the size and file key
 * the file had when planned) and returns one {@link io.headpatch.worker.io.WriteResult} per request, in order:
 * WRITTEN, GONE, CHANGED (size or file key differs; untouched), NOT_REGULAR (link, directory, FIFO, device,
 * socket; never opened for writing, never followed) or IO_ERROR with the OS reason. It never throws for a
 * per-file problem, and leaves no file descriptor or mapping open behind it.
 *
 * <p>Per file, a {@link io.headpatch.worker.io.HeaderWriter} checks and writes, and returns a
 * {@link io.headpatch.worker.io.WrittenHeader} that can sync and close:
 * <ul>
 *   <li>{@link io.headpatch.worker.io.IoMode#MMAP} ({@link io.headpatch.worker.io.MappedHeaderWriter}) maps only
 *       the page(s) holding the header into the next slot of a reserved region ({@code MAP_FIXED}, through
 *       chronicle's posix library), writes through a Chronicle Bytes {@code PointerBytesStore} view, and releases
 *       up to 512 slots with one {@code munmap} (when full, and at the end of the batch's writes, before its sync).
 *       The file is never grown. A file truncated under the mapping (SIGBUS) becomes that file's IO_ERROR; the
 *       batch goes on.</li>
 *   <li>{@link io.headpatch.worker.io.IoMode#PWRITE} ({@link io.headpatch.worker.io.PositionalHeaderWriter})
 *       writes the header with one positional write.</li>
 * </ul>
 *
 * <p>Durability per {@link io.headpatch.worker.io.SyncMode}: NONE; BATCH, the default, syncs ({@code fdatasync})
 * the written files of the batch concurrently once all are written, which is where the throughput comes from;
 * EACH syncs every file right after its own write; SYNCFS (Linux, opt-in) makes the batch durable with one
 * {@code syncfs} per filesystem, and falls back to each file's {@code fdatasync} when that reports a writeback
 * error. A failed sync makes that file IO_ERROR.
 *
 * <p>A batch holds one descriptor per file until it ends: size batches within the process's open-file limit. In
 * MMAP mode a writer holds at most 512 file mappings at once, whatever the batch size.
 */
package io.headpatch.worker.io;
