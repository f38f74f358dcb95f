package io.headpatch.job.scan;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Streams manifest rows into {@code hp_file} with COPY, in batches, on the caller's connection and
 * transaction: no row-at-a-time INSERT.
 */
final class ManifestCopyWriter implements Consumer<ScannedEntry>, AutoCloseable {

    private static final String COPY = "COPY hp_file (manifest_id, path, size, mtime_ms, kind, note) FROM STDIN";
    private static final int BATCH_BYTES = 1 << 20;

    private final PGConnection connection;
    private final long manifestId;
    private final StringBuilder batch = new StringBuilder(BATCH_BYTES + 4096);
    private long rows;

    ManifestCopyWriter(Connection connection, long manifestId) throws SQLException {
        this.connection = connection.unwrap(PGConnection.class);
        this.manifestId = manifestId;
    }

    @Override
    public void accept(ScannedEntry entry) {
        batch.append(manifestId).append('\t');
        text(entry.path());
        batch.append('\t').append(entry.size() == null ? "\\N" : entry.size().toString());
        batch.append('\t').append(entry.mtimeMillis() == null ? "\\N" : entry.mtimeMillis().toString());
        batch.append('\t').append(entry.kind()).append('\t');
        if (entry.note() == null) {
            batch.append("\\N");
        } else {
            text(entry.note());
        }
        batch.append('\n');
        rows++;
        if (batch.length() >= BATCH_BYTES) {
            flush();
        }
    }

    long rows() {
        return rows;
    }

    @Override
    public void close() {
        flush();
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
        batch.setLength(0);
        try {
            CopyIn copy = connection.getCopyAPI().copyIn(COPY);
            try {
                copy.writeToCopy(bytes, 0, bytes.length);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new ScanDatabaseException("COPY into hp_file failed: " + e.getMessage(), e);
        }
    }

    /** COPY's text format: backslash escapes for the characters that delimit rows and columns. */
    private void text(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> batch.append("\\\\");
                case '\t' -> batch.append("\\t");
                case '\n' -> batch.append("\\n");
                case '\r' -> batch.append("\\r");
                default -> batch.append(c);
            }
        }
    }

    static final class ScanDatabaseException extends RuntimeException {
        ScanDatabaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
