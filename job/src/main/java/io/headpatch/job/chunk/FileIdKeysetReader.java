package io.headpatch.job.chunk;

import io.headpatch.job.scan.FileKind;
import io.headpatch.job.support.SqlLists;
import io.headpatch.worker.plan.JournalEntry;
import io.headpatch.worker.plan.Outcome;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads one partition's rows by keyset ({@code file_id > checkpoint ORDER BY file_id LIMIT n}), a
 * page per chunk; offset paging slows down at millions of rows. The checkpoint is the last id
 * handed out, saved with each chunk's commit. Files that have an outcome are read only when it is a failure, which a
 * restart retries ({@code RetryingStepExecutionSplitter}); those read as files to identify afresh.
 */
public class FileIdKeysetReader implements ItemStreamReader<FileRow> {

    public static final String CHECKPOINT = "checkpointFileId";

    private static final String PAGE = """
            SELECT f.file_id, f.path, f.size, f.mtime_ms, f.kind, f.note, j.before_bytes, j.after_bytes, f.device, f.inode,
                   o.file_id IS NOT NULL
            FROM hp_file f
            LEFT JOIN hp_journal j ON j.file_id = f.file_id
            LEFT JOIN hp_outcome o ON o.file_id = f.file_id
            WHERE f.manifest_id = ? AND f.file_id > ? AND f.file_id <= ?
              AND (o.file_id IS NULL OR o.outcome IN (%s))
            ORDER BY f.file_id
            LIMIT ?""".formatted(SqlLists.of(Outcome.class, Outcome::isFailure));

    private final JdbcTemplate jdbc;
    private final long manifestId;
    private final long firstFileId;
    private final long lastFileId;
    private final int pageSize;
    private final Deque<FileRow> page = new ArrayDeque<>();
    private long lastRead;
    private boolean exhausted;

    public FileIdKeysetReader(JdbcTemplate jdbc, long manifestId, long firstFileId, long lastFileId, int pageSize) {
        this.jdbc = jdbc;
        this.manifestId = manifestId;
        this.firstFileId = firstFileId;
        this.lastFileId = lastFileId;
        this.pageSize = pageSize;
    }

    @Override
    public void open(ExecutionContext context) {
        lastRead = context.containsKey(CHECKPOINT) ? context.getLong(CHECKPOINT) : firstFileId - 1;
        page.clear();
        exhausted = false;
    }

    @Override
    public FileRow read() {
        if (page.isEmpty() && !exhausted) {
            long after = lastRead;
            jdbc.query(PAGE, rs -> {
                byte[] before = rs.getBytes(7);
                long size = rs.getLong(3);
                Long sizeOrNull = rs.wasNull() ? null : size;
                long mtime = rs.getLong(4);
                Long mtimeOrNull = rs.wasNull() ? null : mtime;
                page.add(new FileRow(rs.getLong(1), rs.getString(2), sizeOrNull, mtimeOrNull, FileKind.ofCode(rs.getString(5).charAt(0)),
                        rs.getString(6), before == null ? null : new JournalEntry(before, rs.getBytes(8)),
                        rs.getObject(9, Long.class), rs.getObject(10, Long.class), rs.getBoolean(11)));
            }, manifestId, after, lastFileId, pageSize);
            exhausted = page.size() < pageSize;
        }
        FileRow row = page.poll();
        if (row != null) {
            lastRead = row.fileId();
        }
        return row;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(CHECKPOINT, lastRead);
    }
}
