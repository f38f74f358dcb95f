package io.headpatch.job.scan;

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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a baseline's files into memory ({@link BaselineFiles}) on a thread and connection of its own, so that the
 * walk goes on meanwhile: its own rows in file id order, then the rows it carried, in one snapshot.
 */
final class BaselineReader {

    private static final Logger log = LoggerFactory.getLogger(BaselineReader.class);

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
    private static final int FETCH_ROWS = 10_000;
    /** pgjdbc's prepare threshold that asks for binary results at the first execution: no text to parse per number. */
    private static final int FORCE_BINARY = -1;

    private final DataSource dataSource;
    private final long instanceId;
    private final long manifestId;
    private final int fileCount;
    private final FutureTask<BaselineFiles> reading = new FutureTask<>(this::read);
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** The statement running now, cancelled by {@link #cancel()} if the walk fails while it waits on the server. */
    private volatile Statement running;

    private BaselineReader(DataSource dataSource, long instanceId, long manifestId, int fileCount) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.manifestId = manifestId;
        this.fileCount = fileCount;
    }

    /** Starts reading the {@code fileCount} files of baseline {@code instanceId} (manifest {@code manifestId}). */
    static BaselineReader start(DataSource dataSource, long instanceId, long manifestId, int fileCount) {
        BaselineReader reader = new BaselineReader(dataSource, instanceId, manifestId, fileCount);
        Thread thread = new Thread(reader.reading, "baseline-reader");
        thread.setDaemon(true);
        thread.start();
        return reader;
    }

    boolean isDone() {
        return reading.isDone();
    }

    /** The baseline's files, waiting for the reading to end; its failure is rethrown. */
    BaselineFiles files() {
        try {
            return reading.get();
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
    }

    /** Stops a reading the scan no longer needs (the walk failed) and waits for it to end. */
    void cancel() {
        if (reading.isDone()) {
            return;
        }
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

    /** In one snapshot (REPEATABLE READ, read only): the own rows and the carried ones agree with each other. */
    private BaselineFiles read() throws SQLException {
        long start = System.nanoTime();
        BaselineFiles files = new BaselineFiles(fileCount);
        try (Connection connection = dataSource.getConnection()) {
            // a cursor streams the rows (FETCH_ROWS at a time) only inside a transaction
            connection.setAutoCommit(false);
            int isolation = connection.getTransactionIsolation();
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                if (!readOwnRows(connection, files) && !cancelled.get()) {
                    log.warn("incremental: baseline instance {} has files without an outcome: every file is planned", instanceId);
                    return new BaselineFiles(0);
                }
                readCarriedRows(connection, files);
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

    /** False when an own row has no outcome (nothing proves what it was read as): then no row of the baseline is carried. */
    private boolean readOwnRows(Connection connection, BaselineFiles files) throws SQLException {
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
        try (PreparedStatement own = streamed(connection, OWN_ROWS)) {
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

    private void readCarriedRows(Connection connection, BaselineFiles files) throws SQLException {
        try (PreparedStatement carried = streamed(connection, CARRIED_ROWS)) {
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

    /** A statement over the baseline's rows: streamed, binary, cancelled with the scan. */
    private PreparedStatement streamed(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        running = statement;
        statement.unwrap(PGStatement.class).setPrepareThreshold(FORCE_BINARY);
        statement.setFetchSize(FETCH_ROWS);
        statement.setLong(1, manifestId);
        return statement;
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
