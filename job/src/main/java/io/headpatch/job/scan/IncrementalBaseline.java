package io.headpatch.job.scan;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.support.SqlLists;
import io.headpatch.worker.plan.Outcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The comparison of an incremental launch, run by the scan in its transaction right after the file
 * list is stored: finds the baseline (the newest COMPLETED, not dry-run instance of the same spec and
 * parameters over the same roots or manifest file) and, in one set-based statement, records UNCHANGED
 * every regular file whose path and identity (device, inode, size, mtime, ctime) equal the baseline's
 * where the baseline's outcome was final. The patch step never opens those files; everything else is
 * planned as usual. A file headpatch wrote in the baseline has a newer ctime, so it is read once more
 * (and comes out ALREADY_DONE); its identity then holds for the next incremental launch.
 */
final class IncrementalBaseline {

    /** The newest by completion; the filters may differ, since a file's outcome depends on the spec and its bytes only. */
    private static final String FIND = """
            SELECT b.manifest_id, b.job_instance_id
            FROM hp_manifest m
            JOIN hp_manifest b ON b.spec_hash = m.spec_hash AND b.roots = m.roots
                              AND b.manifest_file IS NOT DISTINCT FROM m.manifest_file
                              AND NOT b.dry_run AND b.manifest_id <> m.manifest_id
            JOIN batch_job_execution e ON e.job_instance_id = b.job_instance_id AND e.status = %s
            WHERE m.manifest_id = ?
            ORDER BY e.end_time DESC, e.job_execution_id DESC
            LIMIT 1""".formatted(SqlLists.of(ExecutionStatus.COMPLETED));
    /**
     * One hash join of the two file lists and the baseline's outcomes; the reason keeps the outcome the file was
     * last read with (through a chain of UNCHANGED). A path listed twice in the baseline (overlapping roots)
     * still yields one outcome.
     */
    private static final String RECORD_UNCHANGED = """
            INSERT INTO hp_outcome (file_id, manifest_id, outcome, reason, job_execution_id)
            SELECT f.file_id, f.manifest_id, 'UNCHANGED', CASE WHEN bo.outcome = 'UNCHANGED' THEN bo.reason ELSE bo.outcome END, ?
            FROM hp_file f
            JOIN hp_file b ON b.path = f.path AND b.device = f.device AND b.inode = f.inode AND b.size = f.size
                          AND b.mtime_ms = f.mtime_ms AND b.ctime_ns = f.ctime_ns
            JOIN hp_outcome bo ON bo.file_id = b.file_id
            WHERE f.manifest_id = ? AND f.kind = 'f' AND b.manifest_id = ? AND b.kind = 'f'
              AND bo.manifest_id = b.manifest_id AND bo.outcome = ANY (?)
            ON CONFLICT (file_id) DO NOTHING""";
    /**
     * The file list was just copied in this transaction, so the table's statistics know nothing of it: the
     * planner takes it for a few rows and picks a nested loop over the baseline, N x N comparisons (measured:
     * over 10 minutes at 100,000 files). Hash joins are linear; the setting ends with the scan's transaction.
     */
    private static final String NO_NESTED_LOOPS = "SET LOCAL enable_nestloop = off";
    private static final String NESTED_LOOPS_AGAIN = "SET LOCAL enable_nestloop TO DEFAULT";
    private static final String MARK = "UPDATE hp_manifest SET incremental = TRUE, baseline_job_instance_id = ? WHERE manifest_id = ?";

    private static final String[] FINAL_OUTCOMES = Arrays.stream(Outcome.values()).filter(Outcome::isFinal).map(Outcome::name)
            .toArray(String[]::new);

    private IncrementalBaseline() {
    }

    /** Records the UNCHANGED files of {@code manifestId} and its baseline; returns how many files are UNCHANGED. */
    static long compare(Connection connection, long manifestId, long jobExecutionId) throws SQLException {
        Long baselineManifest = null;
        Long baselineInstance = null;
        try (PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setLong(1, manifestId);
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    baselineManifest = rs.getLong(1);
                    baselineInstance = rs.getLong(2);
                }
            }
        }
        long unchanged = 0;
        if (baselineManifest != null) {
            try (Statement settings = connection.createStatement();
                 PreparedStatement insert = connection.prepareStatement(RECORD_UNCHANGED)) {
                settings.execute(NO_NESTED_LOOPS);
                insert.setLong(1, jobExecutionId);
                insert.setLong(2, manifestId);
                insert.setLong(3, baselineManifest);
                insert.setArray(4, connection.createArrayOf("text", FINAL_OUTCOMES));
                unchanged = insert.executeUpdate();
                settings.execute(NESTED_LOOPS_AGAIN);
            }
        }
        try (PreparedStatement mark = connection.prepareStatement(MARK)) {
            mark.setObject(1, baselineInstance);
            mark.setLong(2, manifestId);
            mark.executeUpdate();
        }
        return unchanged;
    }
}
