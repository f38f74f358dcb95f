package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.ChildJvm;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undo after kill -9: of the launch before a chunk's commit (then abandon and rollback, no restart), of a rollback
 * itself, and a restart after someone else rewrote a journaled file. Real child JVMs, real files, real PostgreSQL.
 */
class UndoAfterCrashIntegrationTests {

    private static final int FILES = 3_000;
    private static final String MANIFEST_OF_EXECUTION = """
            SELECT m.manifest_id FROM hp_manifest m JOIN batch_job_execution e USING (job_instance_id)
            WHERE e.job_execution_id = ?""";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void killNineBeforeACommitThenAbandonAndRollbackPutsEveryFileBack(@TempDir Path dir) throws Exception {
        // given: a launch killed inside a chunk, after its files are journaled, written and synced, before its commit
        List<Path> files = FhdrTree.generate(dir, FILES, 11);
        FhdrExpectations expected = new FhdrExpectations(files);
        long executionId = launchAndKillInCommit(dir, "undo-abandon", 3);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM hp_journal j LEFT JOIN hp_outcome o USING (file_id)
                WHERE o.file_id IS NULL AND j.manifest_id = (""" + MANIFEST_OF_EXECUTION + ")", Long.class, executionId))
                .as("journaled files without an outcome (the cut chunk)").isPositive();

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            assertThat(service.abandon(executionId).status()).isEqualTo(ExecutionStatus.ABANDONED);
            Map<CheckOutcome, Long> counts = service.rollback(executionId, WriteOptions.defaults(), (done, problems) -> { });

            // then: every file byte-identical to before the launch, none reported as a problem
            assertThat(counts.keySet()).allSatisfy(outcome -> assertThat(outcome.isProblem()).as("%s", counts).isFalse());
            expected.assertAllUnchanged();
        }
    }

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void killNineInTheMiddleOfARollbackThenRollbackAgainPutsEveryFileBack(@TempDir Path dir) throws Exception {
        // given: a completed launch, and a rollback killed after its first page of files
        List<Path> files = FhdrTree.generate(dir, FILES, 12);
        FhdrExpectations expected = new FhdrExpectations(files);
        ExecutionSummary launched;
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            launched = service.launch(LaunchRequest.builder(fhdr(), roots(dir)).partitions(2).threads(2).runId("undo-twice").build());
        }
        assertThat(launched.status()).isEqualTo(ExecutionStatus.COMPLETED);
        Process rollback = ChildJvm.start(CrashChild.class, List.of("rollback", db.url(), Long.toString(launched.executionId()), "1000"));
        awaitLine(rollback, "IN_ROLLBACK");
        rollback.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        List<Path> stillPatched = files.stream().filter(f -> !Arrays.equals(read(f), expected.original(f))).toList();
        assertThat(stillPatched).as("files the killed rollback did not reach").isNotEmpty().hasSizeLessThan(FILES);
        // a header torn between the after-image and the original, as a crash in the middle of its write leaves it
        Path torn = stillPatched.get(0);
        byte[] tornBytes = read(torn);
        System.arraycopy(expected.original(torn), 0, tornBytes, 0, 32);
        Files.write(torn, tornBytes);

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            Map<CheckOutcome, Long> counts = service.rollback(launched.executionId(), WriteOptions.defaults(), (done, problems) -> { });

            // then
            assertThat(counts).containsEntry(CheckOutcome.ROLLED_BACK, (long) stillPatched.size())
                    .containsEntry(CheckOutcome.ALREADY_ORIGINAL, (long) (FILES - stillPatched.size()));
            expected.assertAllUnchanged();
        }
    }

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void aJournaledFileRewrittenByAnotherProgramBeforeTheRestartIsChangedSinceScan(@TempDir Path dir) throws Exception {
        // given: a launch killed after a chunk's journal commit and writes, then another program rewrites one of its files
        List<Path> files = FhdrTree.generate(dir, FILES, 13);
        FhdrExpectations expected = new FhdrExpectations(files);
        long executionId = launchAndKillInCommit(dir, "foreign", 2);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        Path foreign = Path.of(jdbc.queryForObject("""
                SELECT f.path FROM hp_journal j JOIN hp_file f USING (file_id) LEFT JOIN hp_outcome o USING (file_id)
                WHERE o.file_id IS NULL AND j.manifest_id = (""" + MANIFEST_OF_EXECUTION + ") ORDER BY j.file_id LIMIT 1",
                String.class, executionId));
        byte[] rewritten = read(foreign);
        rewritten[0] = 'X';
        rewritten[63] ^= 0x5A;
        Files.write(foreign, rewritten);

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            ExecutionSummary restarted = service.restart(executionId);

            // then: left alone, the journal still holds its true original, every other file patched
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(read(foreign)).isEqualTo(rewritten);
            assertThat(jdbc.queryForObject("SELECT o.outcome || ' ' || o.reason FROM hp_outcome o JOIN hp_file f USING (file_id) WHERE f.path = ?",
                    String.class, foreign.toString()))
                    .startsWith("CHANGED_SINCE_SCAN header changed by someone else since it was journaled");
            assertThat(jdbc.queryForObject("SELECT j.before_bytes FROM hp_journal j JOIN hp_file f USING (file_id) WHERE f.path = ?",
                    byte[].class, foreign.toString())).isEqualTo(Arrays.copyOf(expected.original(foreign), 64));
            long timestamp = jdbc.queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?", Long.class,
                    restarted.jobInstanceId());
            List<Path> others = files.stream().filter(f -> !f.equals(foreign)).toList();
            FhdrExpectations othersExpected = new FhdrExpectations(List.of());
            others.forEach(f -> othersExpected.originals().put(f, expected.original(f)));
            othersExpected.assertAllPatched(timestamp);
            // and neither verify nor rollback calls the file a problem: nothing of headpatch's is in it
            assertThat(service.verify(executionId, (done, problems) -> { }))
                    .containsEntry(CheckOutcome.UNTOUCHED, 1L).doesNotContainKeys(CheckOutcome.MISMATCH, CheckOutcome.UNREADABLE);
        }
    }

    /** Launches in a child JVM paused before the commit of its {@code chunk}-th chunk, kills it there; its execution id. */
    private static long launchAndKillInCommit(Path dir, String runId, int chunk) throws Exception {
        Process child = ChildJvm.start(CrashChild.class, List.of("launch", db.url(), dir.toString(), runId, Integer.toString(chunk)));
        List<String> lines = awaitLine(child, "IN_COMMIT");
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return lines.stream().filter(l -> l.startsWith("EXECUTION ")).map(l -> Long.parseLong(l.substring(10))).findFirst()
                .orElseThrow(() -> new AssertionError("no execution id in " + lines));
    }

    /** Reads the child's output until {@code wanted}; the lines read. */
    private static List<String> awaitLine(Process child, String wanted) throws Exception {
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
            if (line.equals(wanted)) {
                return lines;
            }
        }
        throw new AssertionError("child ended without " + wanted + ": " + lines);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ScanRequest roots(Path root) {
        return new ScanRequest(List.of(root), null, List.of(), List.of(), null, null, false);
    }

    private static HeaderSpec fhdr() throws Exception {
        return HeaderSpec.resolve("fhdr-v1.3", Map.of());
    }
}
