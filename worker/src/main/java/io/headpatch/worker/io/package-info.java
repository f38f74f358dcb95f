/**
 * Writing planned headers into files and making a batch of them durable (steps 3 and 4 of docs/design.md's crash
 * protocol).
 *
 * <p>{@link io.headpatch.worker.io.HeaderBatchWriter} is the entry point: built from
 * {@link io.headpatch.worker.io.WriteOptions} (io mode, sync mode, sync parallelism, preserve mtime), its
 * {@code writeAll} takes {@link io.headpatch.worker.io.WriteRequest}s (a {@link io.headpatch.worker.io.RootedPath},
 * header bytes, the size and {@link io.headpatch.worker.io.FileIdentity} the file had when planned) and returns one
 * {@link io.headpatch.worker.io.WriteResult} per request, in order: WRITTEN, GONE, CHANGED (a folder on the way is
 * now a link, or size, device, inode or mtime differs; untouched), NOT_REGULAR (link, directory, FIFO, device,
 * socket; never opened for writing, never followed) or IO_ERROR with the OS reason and errno. It never throws for a
 * per-file problem, and leaves no file descriptor or mapping open behind it.
 *
 * <p>Every file is opened as a {@link io.headpatch.worker.io.ConfinedFile}: from its root's descriptor, one
 * component at a time with {@code O_NOFOLLOW}, {@code O_NONBLOCK}, its identity from the open descriptor; the
 * writers map, write, sync and restore the mtime through that descriptor ({@code read}, {@code write} or {@code fd()}).
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
 * error (and on kernels before 5.8, whose syncfs hides them). A failed sync makes that file IO_ERROR.
 *
 * <p>A batch holds one descriptor per file until it ends: size batches within the process's open-file limit. In
 * MMAP mode a writer holds at most 512 file mappings at once, whatever the batch size.
 */
package io.headpatch.worker.io;
