package io.headpatch.job.scan;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Streams manifest rows into {@code hp_file} with one COPY on the caller's connection and transaction,
 * sent in small pieces as the scan goes: the server stores rows while the scan walks on (on another
 * core), and there is no row-at-a-time INSERT. The connection serves nothing else until {@link #finish()}.
 */
final class ManifestCopyWriter implements Consumer<ScannedEntry>, AutoCloseable {

    private static final String COPY = "COPY hp_file (manifest_id, path, size, mtime_ms, kind, note, device, inode, ctime_ns) FROM STDIN";
    private static final int SEND_BYTES = 1 << 16;

    private final CopyIn copy;
    private final long manifestId;
    private final StringBuilder batch = new StringBuilder(SEND_BYTES + 4096);
    private long rows;

    /** Starts the COPY. */
    ManifestCopyWriter(Connection connection, long manifestId) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        this.manifestId = manifestId;
    }

    @Override
    public void accept(ScannedEntry entry) {
        batch.append(manifestId).append('\t');
        text(entry.path());
        batch.append('\t').append(entry.size() == null ? "\\N" : entry.size().toString());
        batch.append('\t').append(entry.mtimeMillis() == null ? "\\N" : entry.mtimeMillis().toString());
        batch.append('\t').append(entry.kind().code()).append('\t');
        if (entry.note() == null) {
            batch.append("\\N");
        } else {
            text(entry.note());
        }
        number(entry.device());
        number(entry.inode());
        number(entry.ctimeNanos());
        batch.append('\n');
        rows++;
        if (batch.length() >= SEND_BYTES) {
            send();
        }
    }

    /** Sends the rest and ends the COPY: every row is then in the caller's transaction. Returns the rows. */
    long finish() {
        send();
        try {
            copy.endCopy();
        } catch (SQLException e) {
            throw failed(e);
        }
        return rows;
    }

    /** Cancels a COPY that did not finish, so that none of its rows stay. */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void send() {
        if (batch.isEmpty()) {
            return;
        }
        byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
        batch.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static ScanDatabaseException failed(SQLException e) {
        return new ScanDatabaseException("COPY into hp_file failed: " + e.getMessage(), e);
    }

    private void number(Long value) {
        batch.append('\t');
        if (value == null) {
            batch.append("\\N");
        } else {
            batch.append(value.longValue());
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
