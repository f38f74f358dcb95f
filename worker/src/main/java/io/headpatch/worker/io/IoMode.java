package io.headpatch.worker.io;

/** How a header reaches the file. */
public enum IoMode {
    /** Map only the page(s) holding the header and write through a Chronicle Bytes view of the mapping. */
    MMAP,
    /** One positional write ({@code pwrite}) of the header at offset 0. */
    PWRITE
}
