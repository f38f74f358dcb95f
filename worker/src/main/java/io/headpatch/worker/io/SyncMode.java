package io.headpatch.worker.io;

/** When written headers are made durable ({@code fdatasync}). */
public enum SyncMode {
    /** Never: the page cache decides. */
    NONE,
    /** After every file of the batch is written, all of them concurrently. */
    BATCH,
    /** Right after each file's own write, one file at a time. */
    EACH
}
