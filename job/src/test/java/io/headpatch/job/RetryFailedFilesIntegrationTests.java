package io.headpatch.job;

import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.chunk.PlannedFile;
import io.headpatch.job.support.ChildJvm;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code restart} of a run that FAILED retries, in the same job instance, the files whose outcome can change
 * (IO_ERROR, GONE, CHANGED_SINCE_SCAN) once their cause is fixed: each file keeps one outcome, its final one. A run
 * that COMPLETED with such files is retried by a new launch over them ({@code retry}), which names it and is named by it.
 * A retried file keeps its first journaled original, and its journal row records the inode written by the retry.
 */
class RetryFailedFilesIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    @Test
    void filesUnreadableWhenTheFailureLimitFailedThePatchedOnceReadable(@TempDir Path dir) throws Exception {
        // given: a launch by a child without the capabilities that let root read any file, over a tree where three
        // files have mode 000, failing its limit of two failed files
        List<Path> files = FhdrTree.generate(dir, 80, 61);
        FhdrExpectations expected = new FhdrExpectations(files);
        List<Path> unreadable = List.of(files.get(3), files.get(40), files.get(77));
        for (Path file : unreadable) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        }
        Process child = ChildJvm.start(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"),
                CrashChild.class, List.of("launch-max-failures-2", db.url(), dir.toString(), "limited"));
        List<String> out = output(child);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("STATUS FAILED");
        long failed = Long.parseLong(out.stream().filter(l -> l.startsWith("EXECUTION ")).findFirst().orElseThrow().substring(10));
        JdbcTemplate jdbc = db.jdbc();
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            assertThat(service.status(failed).outcomes()).containsEntry("IO_ERROR", 3L).containsEntry("PATCHED", 77L);

            // when: the cause is fixed, restart
            for (Path file : unreadable) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            ExecutionSummary restarted = service.restart(failed);

            // then: the same instance COMPLETED, every file at its target, one outcome each
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(restarted.jobInstanceId()).isEqualTo(service.status(failed).jobInstanceId());
            assertThat(restarted.outcomes()).containsEntry("PATCHED", 80L).containsEntry("IO_ERROR", 0L);
            expected.assertAllPatched(timestampOf(jdbc, restarted.jobInstanceId()));
            assertOneOutcomePerFile(jdbc, restarted.jobInstanceId(), 80);
            Map<String, String> outcomes = outcomes(jdbc, restarted.jobInstanceId());
            for (Path file : unreadable) {
                assertThat(outcomes.get(file.toString())).startsWith("PATCHED");
            }
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome WHERE job_execution_id = ?", Long.class,
                    restarted.executionId())).as("only the failed files were read again").isEqualTo(3L);
            assertThatThrownBy(() -> service.restart(restarted.executionId())).hasMessageContaining("nothing to restart");
        }
    }

    @Test
    void filesGoneAtTheScanArePlannedAfreshOnceBack(@TempDir Path dir, @TempDir Path away, @TempDir Path lists) throws Exception {
        // given: a manifest naming 50 files of which three were moved away before the scan (GONE), over a limit of two
        List<Path> files = FhdrTree.generate(dir, 50, 62);
        FhdrExpectations expected = new FhdrExpectations(files);
        Path manifest = Files.write(lists.resolve("files.txt"), files.stream().map(Path::toString).toList());
        List<Path> gone = List.of(files.get(0), files.get(25), files.get(49));
        for (Path file : gone) {
            Files.move(file, away.resolve(file.getFileName()));
        }
        JdbcTemplate jdbc = db.jdbc();
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            ExecutionSummary failed = service.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                            new ScanRequest(List.of(dir), manifest, List.of(), List.of(), null, null, false))
                    .partitions(3).threads(2).chunk(10).maxFailures(FailureLimit.parse("2")).build());
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.outcomes()).containsEntry("GONE", 3L);

            // when
            for (Path file : gone) {
                Files.move(away.resolve(file.getFileName()), file);
            }
            ExecutionSummary restarted = service.restart(failed.executionId());

            // then
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(restarted.outcomes()).containsEntry("PATCHED", 50L).containsEntry("GONE", 0L);
            expected.assertAllPatched(timestampOf(jdbc, restarted.jobInstanceId()));
            assertOneOutcomePerFile(jdbc, restarted.jobInstanceId(), 50);
        }
    }

    @Test
    void aRunThatCompletedWithFailedFilesIsNotRestartedButRetriedAsANewLaunch(@TempDir Path dir, @TempDir Path lists)
            throws Exception {
        // given: no failure limit, two of 30 files gone before the scan of a manifest naming them all
        List<Path> files = FhdrTree.generate(dir, 30, 63);
        FhdrExpectations expected = new FhdrExpectations(files);
        Path manifest = Files.write(lists.resolve("files.txt"), files.stream().map(Path::toString).toList());
        List<Path> gone = List.of(files.get(7), files.get(21));
        for (Path file : gone) {
            Files.delete(file);
        }
        JdbcTemplate jdbc = db.jdbc();
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            ExecutionSummary completed = service.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                    new ScanRequest(List.of(dir), manifest, List.of(), List.of(), null, null, false)).partitions(2).chunk(7).build());
            assertThat(completed.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(completed.failedFiles()).isEqualTo(2);
            assertThatThrownBy(() -> service.restart(completed.executionId()))
                    .hasMessageContaining("use: headpatch retry " + completed.executionId());

            // when: the files are back, retry
            for (Path file : gone) {
                Files.write(file, expected.original(file));
            }
            Files.delete(manifest);
            ExecutionSummary retry = service.retry(completed.executionId());

            // then: a new instance over the two files with the launch's options, COMPLETED; each names the other
            assertThat(retry.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(retry.jobInstanceId()).isNotEqualTo(completed.jobInstanceId());
            assertThat(retry.filesTotal()).isEqualTo(2);
            assertThat(retry.outcomes()).containsEntry("PATCHED", 2L);
            assertThat(retry.retryOf()).isEqualTo(completed.executionId());
            assertThat(service.status(completed.executionId()).retriedBy()).isEqualTo(retry.executionId());
            assertThat(jdbc.queryForObject("SELECT parameter_value FROM batch_job_execution_params"
                    + " WHERE job_execution_id = ? AND parameter_name = 'partitions'", String.class, retry.executionId()))
                    .isEqualTo("2");
            long retryTimestamp = timestampOf(jdbc, retry.jobInstanceId());
            for (Path file : gone) {
                assertThat(Arrays.copyOf(Files.readAllBytes(file), 64))
                        .isEqualTo(FhdrExpectations.v13Header(expected.original(file), retryTimestamp));
            }
            assertThatThrownBy(() -> service.retry(completed.executionId()))
                    .hasMessageContaining("already retried by execution " + retry.executionId());
            assertThatThrownBy(() -> service.retry(retry.executionId())).hasMessageContaining("nothing to retry");

        }
    }

    @Test
    void aFileReplacedAfterItsJournalIsRetriedByRestartAndItsJournalKeepsTheOriginalAndTheInodeWritten(@TempDir Path dir)
            throws Exception {
        // given: after the first chunk's journal, one of its files is replaced by a new inode holding a torn mix of its
        // original and target headers, so its write stops (CHANGED_SINCE_SCAN) and the run fails its limit of none
        List<Path> files = FhdrTree.generate(dir, 20, 64);
        FhdrExpectations expected = new FhdrExpectations(files);
        AtomicReference<Path> replaced = new AtomicReference<>();
        ChunkHook replaceOnce = new ChunkHook() {
            @Override
            public void afterJournal(String partition, List<PlannedFile> chunk) {
                if (replaced.get() == null) {
                    replaced.set(replaceWithTornCopy(chunk.get(0)));
                }
            }
        };
        JdbcTemplate jdbc = db.jdbc();
        try (PatchJobService service = new PatchJobService(db.dataSource(), replaceOnce, PatchJobSettings.local())) {
            ExecutionSummary failed = service.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                            new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false))
                    .partitions(1).threads(1).chunk(10).maxFailures(FailureLimit.parse("0")).build());
            Path file = replaced.get();
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(outcomes(jdbc, failed.jobInstanceId()).get(file.toString())).startsWith("CHANGED_SINCE_SCAN file replaced");
            long firstInode = journaled(jdbc, file).inode();

            // when
            ExecutionSummary restarted = service.restart(failed.executionId());
            Journaled journal = journaled(jdbc, file);
            Map<CheckOutcome, Long> rolledBack = service.rollback(restarted.executionId(), WriteOptions.defaults(),
                    (done, problems) -> { });

            // then: the torn header was repaired; the journal kept the first original and records the inode written now;
            // rollback restored every original
            assertThat(restarted.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(outcomes(jdbc, restarted.jobInstanceId()).get(file.toString())).startsWith("REPAIRED");
            assertThat(journal.before()).isEqualTo(Arrays.copyOf(expected.original(file), journal.before().length));
            assertThat(journal.inode()).isEqualTo(Files.getAttribute(file, "unix:ino")).isNotEqualTo(firstInode);
            assertThat(rolledBack).containsEntry(CheckOutcome.ROLLED_BACK, 20L);
            expected.assertAllUnchanged();
        }
    }

    /** Renames over the chunk's file a copy whose header is its journaled target for the first 8 bytes, its original after. */
    private static Path replaceWithTornCopy(PlannedFile planned) {
        try {
            Path file = Path.of(planned.row().path());
            byte[] content = Files.readAllBytes(file);
            System.arraycopy(planned.plan().after(), 0, content, 0, 8);
            Path copy = Files.write(file.resolveSibling(file.getFileName() + ".new"), content);
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Journaled(byte[] before, long inode) {
    }

    private static Journaled journaled(JdbcTemplate jdbc, Path file) {
        return jdbc.queryForObject("SELECT j.before_bytes, j.inode FROM hp_journal j JOIN hp_file f USING (file_id) WHERE f.path = ?",
                (rs, i) -> new Journaled(rs.getBytes(1), rs.getLong(2)), file.toString());
    }

    private static void assertOneOutcomePerFile(JdbcTemplate jdbc, long instanceId, long files) {
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM hp_file_report WHERE job_instance_id = ?""", Long.class, instanceId)).isEqualTo(files);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(DISTINCT o.file_id) FROM hp_outcome o JOIN hp_manifest m USING (manifest_id)
                WHERE m.job_instance_id = ?""", Long.class, instanceId)).isEqualTo(files);
    }

    private static long timestampOf(JdbcTemplate jdbc, long instanceId) {
        return jdbc.queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?", Long.class, instanceId);
    }

    /** Outcome and reason of every file of an instance, by path. */
    private static Map<String, String> outcomes(JdbcTemplate jdbc, long instanceId) {
        Map<String, String> outcomes = new HashMap<>();
        jdbc.query("SELECT path, outcome, COALESCE(reason, '') FROM hp_file_report WHERE job_instance_id = ?",
                rs -> {
                    outcomes.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
                }, instanceId);
        return outcomes;
    }

    private static List<String> output(Process process) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
