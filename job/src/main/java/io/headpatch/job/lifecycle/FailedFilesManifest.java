package io.headpatch.job.lifecycle;

import io.headpatch.job.support.SqlLists;
import io.headpatch.worker.io.PathText;
import io.headpatch.worker.plan.Outcome;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The manifest a retry scans: the paths of a job instance's failed files (IO_ERROR, GONE, CHANGED_SINCE_SCAN), as a
 * private temporary file of NUL-terminated names, byte for byte ({@link PathText}), so any name a scan stored comes
 * back. Deleted by {@link #close()} once the retry's launch has returned: its scan has read it by then.
 */
final class FailedFilesManifest implements AutoCloseable {

    // With the failure index's predicate, so that the planner uses that partial index.
    private static final String FAILED_PATHS = """
            SELECT f.path
            FROM hp_outcome o
            JOIN hp_file f ON f.file_id = o.file_id
            JOIN hp_manifest m ON m.manifest_id = o.manifest_id
            WHERE m.job_instance_id = ? AND o.outcome NOT IN (%s) AND o.outcome IN (%s)
            ORDER BY o.file_id""".formatted(SqlLists.of(Outcome.class, Outcome::isSettled),
            SqlLists.of(Outcome.class, Outcome::isFailure));

    private final Path file;

    private FailedFilesManifest(Path file) {
        this.file = file;
    }

    static FailedFilesManifest of(JdbcTemplate jdbc, long jobInstanceId) {
        Path file;
        try {
            // createTempFile gives the file mode 0600: the names are nobody else's business.
            file = Files.createTempFile("headpatch-retry-" + jobInstanceId + "-", ".manifest");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the retry's manifest: " + e.getMessage(), e);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            jdbc.query(FAILED_PATHS, rs -> {
                try {
                    out.write(PathText.bytes(rs.getString(1)));
                    out.write(0);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, jobInstanceId);
        } catch (IOException | RuntimeException e) {
            delete(file);
            throw e instanceof IOException io ? new UncheckedIOException("cannot write the retry's manifest " + file + ": "
                    + io.getMessage(), io) : (RuntimeException) e;
        }
        return new FailedFilesManifest(file);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        delete(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the retry's manifest " + file + ": " + e.getMessage(), e);
        }
    }
}
