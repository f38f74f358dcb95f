package io.headpatch.perf.bench;

/** How the floor puts a header into a file: the physical limit of each of headpatch's ways. */
enum FloorIo {
    /** {@code open}, {@code pwrite}, and after the batch's syncs {@code close}. */
    PWRITE,
    /** {@code open}, {@code mmap} of one page, write, {@code munmap} of that page, ... : one unmap per file. */
    MMAP_EACH_UNMAP,
    /**
     * {@code open}, {@code mmap} with {@code MAP_FIXED} into the next page of a reserved {@code PROT_NONE} region,
     * write; one {@code munmap} of the region per batch (at most {@link MappedFloorFile#SLOTS} files).
     */
    MMAP_BATCHED_UNMAP
}
