package io.headpatch.job.outcome;

import io.headpatch.job.CheckProgress;
import io.headpatch.job.CheckKind;
import io.headpatch.job.chunk.ManifestRoots;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.check.CheckResult;
import io.headpatch.worker.check.HeaderVerifier;
import io.headpatch.worker.check.JournaledFile;
import io.headpatch.worker.check.RollbackPlan;
import io.headpatch.worker.check.RollbackPlanner;
import io.headpatch.worker.io.FileKey;
import io.headpatch.worker.io.HeaderBatchWriter;
import io.headpatch.worker.io.RootDescriptors;
import io.headpatch.worker.io.SelectedWrites;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.io.WriteRequest;
import io.headpatch.worker.io.WriteResult;
import io.headpatch.worker.plan.Hex;
import io.headpatch.worker.plan.JournalEntry;
import io.headpatch.worker.plan.Outcome;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Verify and rollback over a manifest's journal, a page of files at a time, recording one {@code hp_check} row per
 * file. Both take every journaled file whatever its outcome row says, or with none: a chunk journaled and written but
 * cut by a crash before its commit (then abandoned), or a file whose sync, close or mtime failed after the write.
 */
public final class JournalCheckRunner {

    private static final int PAGE = 1_000;
    private static final String JOURNALED = """
            SELECT j.file_id, f.path, j.before_bytes, j.after_bytes, o.outcome, j.device, j.inode
            FROM hp_journal j
            JOIN hp_file f ON f.file_id = j.file_id
            LEFT JOIN hp_outcome o ON o.file_id = j.file_id
            WHERE j.manifest_id = ? AND j.file_id > ?
            ORDER BY j.file_id
            LIMIT ?""";
    private static final String COUNT = "SELECT COUNT(*) FROM hp_journal WHERE manifest_id = ?";
    private static final String RECORD = """
            INSERT INTO hp_check (file_id, manifest_id, check_kind, outcome, reason) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (file_id, check_kind) DO UPDATE SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason,
                checked_at = LOCALTIMESTAMP""";

    private final JdbcTemplate jdbc;

    public JournalCheckRunner(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How many files verify and rollback check: every journaled file. */
    public long count(long manifestId) {
        return jdbc.queryForObject(COUNT, Long.class, manifestId);
    }

    /** Re-reads every journaled file and compares it with its after-image; counts by outcome. */
    public Map<CheckOutcome, Long> verify(long manifestId, CheckProgress progress) {
        return forEachPage(manifestId, CheckKind.VERIFY, progress, page -> page.stream().map(f -> HeaderVerifier.verify(f.file())).toList());
    }

    /**
     * Restores the journaled original of every journaled file whose header is the after-image or a torn mix of it and
     * the original, when it is the file written (the journaled device and inode) with one link; counts by outcome. A
     * file it cannot restore is CONFLICT or UNREADABLE with both images.
     */
    public Map<CheckOutcome, Long> rollback(long manifestId, WriteOptions options, CheckProgress progress) {
        try (HeaderBatchWriter writer = new HeaderBatchWriter(options)) {
            return forEachPage(manifestId, CheckKind.ROLLBACK, progress, page -> rollbackPage(page, writer));
        }
    }

    private static List<CheckResult> rollbackPage(List<Journaled> page, HeaderBatchWriter writer) {
        List<PlannedRollback> plans = page.stream().map(f -> new PlannedRollback(f.file(), RollbackPlanner.plan(f.file()))).toList();
        return SelectedWrites.apply(writer, plans,
                p -> p.plan().outcome() == CheckOutcome.ROLLED_BACK
                        ? new WriteRequest(p.plan().file(), p.plan().original(), p.plan().identity().size(), p.plan().identity()) : null,
                (p, result) -> result.status() == WriteResult.Status.WRITTEN
                        ? new CheckResult(p.plan().file().path(), CheckOutcome.ROLLED_BACK, null)
                        : new CheckResult(p.plan().file().path(), CheckOutcome.UNREADABLE, result.status() + ": " + result.reason()
                                + " original=" + Hex.of(p.file().journal().before()) + " after=" + Hex.of(p.file().journal().after())),
                p -> new CheckResult(p.plan().file().path(), p.plan().outcome(), p.plan().reason()));
    }

    private Map<CheckOutcome, Long> forEachPage(long manifestId, CheckKind kind, CheckProgress progress,
                                                Function<List<Journaled>, List<CheckResult>> check) {
        ManifestRoots roots = ManifestRoots.of(jdbc, manifestId);
        try (RootDescriptors.Hold held = roots.hold()) {
            return forEachPage(manifestId, kind, progress, check, roots);
        }
    }

    private Map<CheckOutcome, Long> forEachPage(long manifestId, CheckKind kind, CheckProgress progress,
                                                Function<List<Journaled>, List<CheckResult>> check, ManifestRoots roots) {
        Map<CheckOutcome, Long> counts = new EnumMap<>(CheckOutcome.class);
        long after = 0;
        long done = 0;
        long problems = 0;
        while (true) {
            List<Journaled> page = jdbc.query(JOURNALED, (rs, i) -> {
                String outcome = rs.getString(5);
                long device = rs.getLong(6);
                // NULL in a row journaled before V13: rollback then judges the file by its content and link count.
                FileKey written = rs.wasNull() ? null : new FileKey(device, rs.getLong(7));
                return new Journaled(rs.getLong(1), new JournaledFile(roots.locate(rs.getString(2)),
                        new JournalEntry(rs.getBytes(3), rs.getBytes(4)), written, outcome == null ? null : Outcome.valueOf(outcome)));
            }, manifestId, after, PAGE);
            if (page.isEmpty()) {
                return counts;
            }
            List<CheckResult> results = check.apply(page);
            List<Object[]> rows = new ArrayList<>(page.size());
            for (int i = 0; i < page.size(); i++) {
                CheckResult result = results.get(i);
                counts.merge(result.outcome(), 1L, Long::sum);
                problems += result.outcome().isProblem() ? 1 : 0;
                rows.add(new Object[] {page.get(i).fileId(), manifestId, kind.name(), result.outcome().name(), result.reason()});
            }
            jdbc.batchUpdate(RECORD, rows);
            after = page.get(page.size() - 1).fileId();
            done += page.size();
            progress.checked(done, problems);
        }
    }

    private record Journaled(long fileId, JournaledFile file) {
    }

    private record PlannedRollback(JournaledFile file, RollbackPlan plan) {
    }
}
