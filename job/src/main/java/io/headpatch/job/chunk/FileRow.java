package io.headpatch.job.chunk;

import io.headpatch.job.scan.FileKind;
import io.headpatch.worker.plan.JournalEntry;

/**
 * One {@code hp_file} row as the worker step reads it, with this instance's journal entry if the
 * file was journaled by an earlier, interrupted chunk. Size, mtime, device and inode are null when unknown.
 *
 * @param retried the file failed in an earlier execution of this instance (IO_ERROR, GONE, CHANGED_SINCE_SCAN): what
 *                the scan saw of it (kind and identity) is stale, so it is opened and identified afresh
 */
public record FileRow(long fileId, String path, Long size, Long mtimeMillis, FileKind kind, String note, JournalEntry journal,
                      Long device, Long inode, boolean retried) {
}
