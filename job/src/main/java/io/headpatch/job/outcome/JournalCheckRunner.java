package io.headpatch.job.outcome;

import io.headpatch.job.CheckProgress;
import io.headpatch.job.CheckKind;
import io.headpatch.job.support.SqlLists;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.check.CheckResult;
import io.headpatch.worker.check.HeaderVerifier;
import io.headpatch.worker.check.RollbackPlan;
import io.headpatch.worker.check.RollbackPlanner;
import io.headpatch.worker.io.HeaderBatchWriter;
import io.headpatch.worker.io.SelectedWrites;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.io.WriteRequest;
import io.headpatch.worker.io.WriteResult;
import io.headpatch.worker.plan.JournalEntry;
import io.headpatch.worker.plan.Outcome;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Verify and rollback over a manifest's journal, a page of files at a time, recording one
 * {@code hp_check} row per file.
 */
public final class JournalCheckRunner {

    private static final int PAGE = 1_000;
    /** Files whose header this instance left at its target: the ones it may have written (journaled ALREADY_DONE included). */
    private static final String WRITTEN = SqlLists.of(Outcome.class, Outcome::isDone);
    private static final String JOURNALED = """
            SELECT j.file_id, f.path, j.before_bytes, j.after_bytes
            FROM hp_journal j
            JOIN hp_file f ON f.file_id = j.file_id
            JOIN hp_outcome o ON o.file_id = j.file_id
            WHERE j.manifest_id = ? AND j.file_id > ? AND o.outcome IN (%s)
            ORDER BY j.file_id
            LIMIT ?""".formatted(WRITTEN);
    private static final String COUNT = """
            SELECT COUNT(*) FROM hp_journal j JOIN hp_outcome o ON o.file_id = j.file_id
            WHERE j.manifest_id = ? AND o.outcome IN (%s)""".formatted(WRITTEN);
    private static final String RECORD = """
            INSERT INTO hp_check (file_id, manifest_id, check_kind, outcome, reason) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (file_id, check_kind) DO UPDATE SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason,
                checked_at = LOCALTIMESTAMP""";

    private final JdbcTemplate jdbc;

    public JournalCheckRunner(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How many files verify and rollback check. */
    public long count(long manifestId) {
        return jdbc.queryForObject(COUNT, Long.class, manifestId);
    }

    /**
     * Re-reads every file this instance wrote; counts by outcome. A journaled file found ALREADY_DONE
     * was written by a chunk interrupted before its commit, so it counts as written too.
     */
    public Map<CheckOutcome, Long> verify(long manifestId, CheckProgress progress) {
        return forEachPage(manifestId, CheckKind.VERIFY, progress, page -> page.stream()
                .map(f -> HeaderVerifier.verify(f.path(), f.journal().after()))
                .toList());
    }

    /** Restores journaled originals where the header is still our after-image; counts by outcome. */
    public Map<CheckOutcome, Long> rollback(long manifestId, WriteOptions options, CheckProgress progress) {
        try (HeaderBatchWriter writer = new HeaderBatchWriter(options)) {
            return forEachPage(manifestId, CheckKind.ROLLBACK, progress, page -> rollbackPage(page, writer));
        }
    }

    private static List<CheckResult> rollbackPage(List<Journaled> page, HeaderBatchWriter writer) {
        List<RollbackPlan> plans = page.stream().map(f -> RollbackPlanner.plan(f.path(), f.journal())).toList();
        return SelectedWrites.apply(writer, plans,
                p -> p.outcome() == CheckOutcome.ROLLED_BACK ? new WriteRequest(p.path(), p.original(), p.size(), p.fileKey()) : null,
                (plan, result) -> result.status() == WriteResult.Status.WRITTEN
                        ? new CheckResult(plan.path(), CheckOutcome.ROLLED_BACK, null)
                        : new CheckResult(plan.path(), CheckOutcome.UNREADABLE, result.status() + ": " + result.reason()),
                plan -> new CheckResult(plan.path(), plan.outcome(), plan.reason()));
    }

    private Map<CheckOutcome, Long> forEachPage(long manifestId, CheckKind kind, CheckProgress progress,
                                                java.util.function.Function<List<Journaled>, List<CheckResult>> check) {
        Map<CheckOutcome, Long> counts = new EnumMap<>(CheckOutcome.class);
        long after = 0;
        long done = 0;
        long problems = 0;
        while (true) {
            List<Journaled> page = jdbc.query(JOURNALED, (rs, i) -> new Journaled(rs.getLong(1), Path.of(rs.getString(2)),
                    new JournalEntry(rs.getBytes(3), rs.getBytes(4))), manifestId, after, PAGE);
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

    private record Journaled(long fileId, Path path, JournalEntry journal) {
    }
}
