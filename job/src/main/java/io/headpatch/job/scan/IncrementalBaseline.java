package io.headpatch.job.scan;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.support.SqlLists;
import io.headpatch.worker.plan.Outcome;
import org.agrona.collections.LongHashSet;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The comparison of an incremental launch, in the scan's transaction. Before the walk it finds the baseline (the
 * newest COMPLETED, not dry-run instance of the same spec and parameters over the same roots or manifest file)
 * and starts reading its files into memory ({@link BaselineFiles}) on a thread and connection of their own: its own
 * rows in file id order, then the rows it carried. During the walk, a regular file whose path and identity (device, inode, size, mtime, ctime) equal a
 * baseline file's whose outcome was final is carried: no {@code hp_file} row, no outcome row, never opened.
 * After the walk it stores the carried rows as ranges ({@code hp_carried}, V10).
 *
 * <p>So an unchanged file costs its {@code statx}, the reading of its baseline row and a lookup; a new or changed
 * one is listed and planned as in a full launch. A file headpatch wrote in the baseline has a newer ctime, so it
 * is read once more (and comes out ALREADY_DONE); its row then holds for the next incremental launch.
 */
final class IncrementalBaseline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IncrementalBaseline.class);

    /** The newest by completion; the filters may differ, since a file's outcome depends on the spec and its bytes only. */
    private static final String FIND = """
            SELECT b.manifest_id, b.job_instance_id, b.file_count
            FROM hp_manifest m
            JOIN hp_manifest b ON b.spec_hash = m.spec_hash AND b.roots = m.roots
                              AND b.manifest_file IS NOT DISTINCT FROM m.manifest_file
                              AND NOT b.dry_run AND b.manifest_id <> m.manifest_id
            JOIN batch_job_execution e ON e.job_instance_id = b.job_instance_id AND e.status = %s
            WHERE m.manifest_id = ?
            ORDER BY e.end_time DESC, e.job_execution_id DESC
            LIMIT 1""".formatted(SqlLists.of(ExecutionStatus.COMPLETED));
    /** The baseline's outcomes: every own row must have one, or none of its rows is trusted. Index only. */
    private static final String OUTCOMES = "SELECT COUNT(*) FROM hp_outcome WHERE manifest_id = ?";
    /** The baseline's own outcomes that are not settled, through the failure index (V9); the final ones among them count. */
    private static final String UNSETTLED = "SELECT file_id, outcome FROM hp_outcome WHERE manifest_id = ? AND outcome NOT IN (%s)"
            .formatted(SqlLists.of(Outcome.class, Outcome::isSettled));
    /** In the index's order: no sort. */
    private static final String OWN_ROWS = """
            SELECT file_id, path, kind, device, inode, size, mtime_ms, ctime_ns
            FROM hp_file WHERE manifest_id = ? ORDER BY file_id""";
    /** Every carried row is a regular file whose outcome was final (that is how it came to be carried). */
    private static final String CARRIED_ROWS = """
            SELECT c.source_manifest_id, c.first_file_id, f.file_id, f.path, f.device, f.inode, f.size, f.mtime_ms, f.ctime_ns
            FROM hp_carried c
            JOIN hp_file f ON f.manifest_id = c.source_manifest_id AND f.file_id BETWEEN c.first_file_id AND c.last_file_id
            WHERE c.manifest_id = ?
            ORDER BY c.source_manifest_id, c.first_file_id, f.file_id""";
    private static final String INSERT_RANGE = """
            INSERT INTO hp_carried (manifest_id, source_manifest_id, first_file_id, last_file_id, file_count)
            VALUES (?, ?, ?, ?, ?)""";
    private static final String MARK = "UPDATE hp_manifest SET incremental = TRUE, baseline_job_instance_id = ? WHERE manifest_id = ?";
    private static final int FETCH_ROWS = 10_000;
    /** pgjdbc's prepare threshold that asks for binary results at the first execution: no text to parse per number. */
    private static final int FORCE_BINARY = -1;
    /** Entries the walk may find before the baseline is read (a few seconds of walking, ~200 bytes each). */
    private static final int WAITING = 200_000;

    private final Long baselineInstanceId;
    /** The reading of the baseline's files, on a thread and connection of its own; null without a baseline. */
    private final FutureTask<BaselineFiles> reading;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** The reader's statement, cancelled by {@link #close()} if the walk fails while it waits on the server. */
    private volatile Statement running;
    /** The entries walked before the baseline was read, in walk order; at most {@link #WAITING} of them. */
    private final List<ScannedEntry> waiting = new ArrayList<>();
    private BaselineFiles files;

    private IncrementalBaseline(Long baselineInstanceId, DataSource dataSource, long baselineManifest, int fileCount) {
        this.baselineInstanceId = baselineInstanceId;
        this.reading = baselineInstanceId == null ? null
                : new FutureTask<>(() -> read(dataSource, baselineInstanceId, baselineManifest, fileCount));
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
        if (!lock(connection, baselineManifest)) {
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
        IncrementalBaseline baseline = new IncrementalBaseline(instanceId, dataSource, baselineManifest, (int) fileCount);
        Thread reader = new Thread(baseline.reading, "baseline-reader");
        reader.setDaemon(true);
        reader.start();
        return baseline;
    }

    private static IncrementalBaseline none() {
        return new IncrementalBaseline(null, null, 0, 0);
    }

    /** Locks the baseline's manifest and the manifests it carries from; false if one of them is gone. */
    private static boolean lock(Connection connection, long baselineManifest) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(BaselineLocks.SHARE_SOURCES)) {
            lock.setLong(1, baselineManifest);
            lock.setLong(2, baselineManifest);
            lock.setLong(3, baselineManifest);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * The scan's sink: an unchanged file is carried, anything else goes on to {@code list}. Entries walked before the
     * baseline is read wait for it; past {@link #WAITING} of them, the walk waits.
     */
    Consumer<ScannedEntry> carrying(Consumer<ScannedEntry> list) {
        return reading == null ? list : entry -> {
            if (files == null) {
                if (!reading.isDone() && waiting.size() < WAITING) {
                    waiting.add(entry);
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
        if (reading != null && files == null) {
            readFiles(list);
        }
    }

    /** Stops a reading the scan no longer needs (the walk failed) and waits for it to end. */
    @Override
    public void close() {
        if (reading != null && !reading.isDone()) {
            cancelled.set(true);
            Statement statement = running;
            if (statement != null) {
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    log.debug("cancelling the baseline's reading: {}", e.getMessage());
                }
            }
            try {
                reading.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | CancellationException e) {
                // the scan has already failed: its own exception is the one to report
            }
        }
    }

    private void readFiles(Consumer<ScannedEntry> list) {
        try {
            files = reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the baseline's files", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ManifestCopyWriter.ScanDatabaseException("reading the baseline's files failed: " + cause.getMessage(), cause);
        }
        waiting.forEach(entry -> compare(entry, list));
        waiting.clear();
    }

    /** In one snapshot (REPEATABLE READ, read only): the own rows and the carried ones agree with each other. */
    private BaselineFiles read(DataSource dataSource, long instanceId, long manifestId, int fileCount) throws SQLException {
        long start = System.nanoTime();
        BaselineFiles files = new BaselineFiles(fileCount);
        try (Connection connection = dataSource.getConnection()) {
            // a cursor streams the rows (FETCH_ROWS at a time) only inside a transaction
            connection.setAutoCommit(false);
            int isolation = connection.getTransactionIsolation();
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                if (!readOwnRows(connection, manifestId, files) && !cancelled.get()) {
                    log.warn("incremental: baseline instance {} has files without an outcome: every file is planned", instanceId);
                    return new BaselineFiles(0);
                }
                readCarriedRows(connection, manifestId, files);
            } finally {
                running = null;
                connection.rollback();
                connection.setReadOnly(false);
                connection.setTransactionIsolation(isolation);
            }
        }
        log.info("incremental: baseline instance {}, its {} files read in {} ms", instanceId, fileCount,
                (System.nanoTime() - start) / 1_000_000);
        return files;
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

    /** False when an own row has no outcome (nothing proves what it was read as): then no row of the baseline is carried. */
    private boolean readOwnRows(Connection connection, long manifestId, BaselineFiles files) throws SQLException {
        long outcomes;
        try (PreparedStatement count = connection.prepareStatement(OUTCOMES)) {
            count.setLong(1, manifestId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                outcomes = rs.getLong(1);
            }
        }
        LongHashSet notFinal = new LongHashSet();
        try (PreparedStatement unsettled = connection.prepareStatement(UNSETTLED)) {
            unsettled.setLong(1, manifestId);
            try (ResultSet rs = unsettled.executeQuery()) {
                while (rs.next()) {
                    if (!Outcome.valueOf(rs.getString(2)).isFinal()) {
                        notFinal.add(rs.getLong(1));
                    }
                }
            }
        }
        files.startSegment(manifestId);
        long rows = 0;
        try (PreparedStatement own = streamed(connection, OWN_ROWS, manifestId)) {
            try (ResultSet rs = own.executeQuery()) {
                while (rs.next() && !cancelled.get()) {
                    long fileId = rs.getLong(1);
                    boolean candidate = FileKind.ofCode(rs.getString(3).charAt(0)) == FileKind.REGULAR && !notFinal.contains(fileId);
                    files.add(fileId, rs.getString(2), candidate ? identity(rs, 4) : null);
                    rows++;
                }
            }
        }
        return rows == outcomes;
    }

    /** A statement of the reader over the baseline's rows: streamed, binary, cancelled with the scan. */
    private PreparedStatement streamed(Connection connection, String sql, long manifestId) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        running = statement;
        statement.unwrap(PGStatement.class).setPrepareThreshold(FORCE_BINARY);
        statement.setFetchSize(FETCH_ROWS);
        statement.setLong(1, manifestId);
        return statement;
    }

    private void readCarriedRows(Connection connection, long manifestId, BaselineFiles files) throws SQLException {
        try (PreparedStatement carried = streamed(connection, CARRIED_ROWS, manifestId)) {
            try (ResultSet rs = carried.executeQuery()) {
                long source = -1;
                long first = -1;
                while (rs.next() && !cancelled.get()) {
                    if (rs.getLong(1) != source || rs.getLong(2) != first) {
                        source = rs.getLong(1);
                        first = rs.getLong(2);
                        files.startSegment(source);
                    }
                    files.add(rs.getLong(3), rs.getString(4), identity(rs, 5));
                }
            }
        }
    }

    /** The five identity columns from {@code column} on, or null when the scan recorded none. */
    private static long[] identity(ResultSet rs, int column) throws SQLException {
        long[] identity = new long[BaselineFiles.IDENTITY_FIELDS];
        for (int field = 0; field < identity.length; field++) {
            identity[field] = rs.getLong(column + field);
            if (rs.wasNull()) {
                return null;
            }
        }
        return identity;
    }
}
