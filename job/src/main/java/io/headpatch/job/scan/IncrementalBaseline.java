package io.headpatch.job.scan;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.support.SqlLists;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The comparison of an incremental launch, in the scan's transaction. Before the walk it finds the baseline (the
 * newest COMPLETED, not dry-run instance of the same spec and parameters over the same roots or manifest file),
 * locks it ({@link BaselineLock}) and starts reading its files ({@link BaselineReader}); entries walked before they
 * are read wait for them ({@link WaitingEntries}). During the walk, a regular file whose path and identity (device,
 * inode, size, mtime, ctime) equal a baseline file's whose outcome was final is carried: no {@code hp_file} row, no
 * outcome row, never opened.
 * After the walk it stores the carried rows as ranges ({@code hp_carried}, V10).
 *
 * <p>So an unchanged file costs its {@code statx}, the reading of its baseline row and a lookup; a new or changed
 * one is listed and planned as in a full launch. A file headpatch wrote in the baseline has a newer ctime, so it
 * is read once more (and comes out ALREADY_DONE); its row then holds for the next incremental launch.
 */
final class IncrementalBaseline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IncrementalBaseline.class);

    /**
     * The newest by completion; the filters may differ, since a file's outcome depends on the spec and its bytes only.
     * Neither a dry run (its PATCHED files were not written) nor a retry (it holds only another run's failed files).
     */
    private static final String FIND = """
            SELECT b.manifest_id, b.job_instance_id, b.file_count
            FROM hp_manifest m
            JOIN hp_manifest b ON b.spec_hash = m.spec_hash AND b.roots = m.roots
                              AND b.manifest_file IS NOT DISTINCT FROM m.manifest_file
                              AND NOT b.dry_run AND b.retry_of_job_execution_id IS NULL AND b.manifest_id <> m.manifest_id
            JOIN batch_job_execution e ON e.job_instance_id = b.job_instance_id AND e.status = %s
            WHERE m.manifest_id = ?
            ORDER BY e.end_time DESC, e.job_execution_id DESC
            LIMIT 1""".formatted(SqlLists.of(ExecutionStatus.COMPLETED));
    private static final String INSERT_RANGE = """
            INSERT INTO hp_carried (manifest_id, source_manifest_id, first_file_id, last_file_id, file_count)
            VALUES (?, ?, ?, ?, ?)""";
    private static final String MARK = "UPDATE hp_manifest SET incremental = TRUE, baseline_job_instance_id = ? WHERE manifest_id = ?";
    /** Entries the walk may find before the baseline is read (a few seconds of walking, ~200 bytes each). */
    private static final int WAITING = 200_000;

    private final Long baselineInstanceId;
    /** The reading of the baseline's files; null without a baseline. */
    private final BaselineReader reader;
    private final WaitingEntries waiting = new WaitingEntries(WAITING);
    private BaselineFiles files;

    private IncrementalBaseline(Long baselineInstanceId, BaselineReader reader) {
        this.baselineInstanceId = baselineInstanceId;
        this.reader = reader;
    }

    /**
     * Finds the baseline of {@code manifestId} and starts reading its files on another connection of {@code dataSource},
     * so that the walk goes on meanwhile; with no baseline, nothing is carried. The baseline's manifest and those it
     * carries from are locked ({@link BaselineLocks}, until the scan's transaction ends), so that {@code prune} leaves them be.
     */
    static IncrementalBaseline start(Connection connection, DataSource dataSource, long manifestId) throws SQLException {
        long baselineManifest;
        long instanceId;
        long fileCount;
        try (PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setLong(1, manifestId);
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    return none();
                }
                baselineManifest = rs.getLong(1);
                instanceId = rs.getLong(2);
                fileCount = rs.getLong(3);
            }
        }
        if (!BaselineLock.lock(connection, baselineManifest)) {
            log.warn("incremental: baseline instance {} was pruned as the scan started: every file is planned", instanceId);
            return none();
        }
        long heapNeeded = fileCount * BaselineFiles.BYTES_PER_FILE;
        if (heapNeeded > Runtime.getRuntime().maxMemory() / 2) {
            log.warn("incremental: baseline instance {} has {} files, which need about {} MB of heap, more than half of"
                            + " the {} MB this JVM may use: every file is planned (raise -Xmx with HEADPATCH_JAVA_OPTS)",
                    instanceId, fileCount, heapNeeded >> 20, Runtime.getRuntime().maxMemory() >> 20);
            return none();
        }
        return new IncrementalBaseline(instanceId, BaselineReader.start(dataSource, instanceId, baselineManifest, (int) fileCount));
    }

    private static IncrementalBaseline none() {
        return new IncrementalBaseline(null, null);
    }

    /**
     * The scan's sink: an unchanged file is carried, anything else goes on to {@code list}. Entries walked before the
     * baseline is read wait for it; past {@link #WAITING} of them, the walk waits.
     */
    Consumer<ScannedEntry> carrying(Consumer<ScannedEntry> list) {
        return reader == null ? list : entry -> {
            if (files == null) {
                if (!reader.isDone() && waiting.offer(entry)) {
                    return;
                }
                readFiles(list);
            }
            compare(entry, list);
        };
    }

    /** A carried entry stops here; any other goes on to {@code list}. */
    private void compare(ScannedEntry entry, Consumer<ScannedEntry> list) {
        if (!files.carry(entry)) {
            list.accept(entry);
        }
    }

    /** After the walk, before {@code list} is finished: the entries still waiting for the baseline are compared. */
    void walked(Consumer<ScannedEntry> list) {
        if (reader != null && files == null) {
            readFiles(list);
        }
    }

    /** Stops a reading the scan no longer needs (the walk failed) and waits for it to end. */
    @Override
    public void close() {
        if (reader != null) {
            reader.cancel();
        }
    }

    private void readFiles(Consumer<ScannedEntry> list) {
        files = reader.files();
        waiting.drainTo(entry -> compare(entry, list));
    }

    /** After the walk: stores the carried ranges and marks the manifest incremental; returns how many files were carried. */
    long record(Connection connection, long manifestId) throws SQLException {
        if (files != null) {
            List<BaselineFiles.CarriedRange> ranges = files.carriedRanges();
            try (PreparedStatement insert = connection.prepareStatement(INSERT_RANGE)) {
                for (BaselineFiles.CarriedRange range : ranges) {
                    insert.setLong(1, manifestId);
                    insert.setLong(2, range.sourceManifestId());
                    insert.setLong(3, range.firstFileId());
                    insert.setLong(4, range.lastFileId());
                    insert.setLong(5, range.fileCount());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        try (PreparedStatement mark = connection.prepareStatement(MARK)) {
            mark.setObject(1, baselineInstanceId);
            mark.setLong(2, manifestId);
            mark.executeUpdate();
        }
        return files == null ? 0 : files.carriedCount();
    }
}
