package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.ChildJvm;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.plan.PatchPlanner;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code launch --incremental}: files unchanged since the baseline (the last COMPLETED instance of the same
 * spec, parameters and roots) whose outcome was final are UNCHANGED; new, touched, replaced and failed files
 * are planned; no baseline means a full run; a kill -9 mid-run restarts to the same result.
 */
class IncrementalLaunchIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    private static ScanRequest scanOf(Path dir) {
        return new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false);
    }

    private static ExecutionSummary launch(PatchJobService service, HeaderSpec spec, Path dir, boolean incremental) {
        return service.launch(LaunchRequest.builder(spec, scanOf(dir)).partitions(3).threads(2).chunk(40)
                .incremental(incremental).build());
    }

    private static HeaderSpec fhdr() throws Exception {
        return HeaderSpec.resolve("fhdr-v1.3", Map.of());
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

    private static long timestampOf(JdbcTemplate jdbc, long instanceId) {
        return jdbc.queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?", Long.class, instanceId);
    }

    private static Map<Path, byte[]> snapshot(List<Path> files) throws Exception {
        Map<Path, byte[]> contents = new HashMap<>();
        for (Path file : files) {
            contents.put(file, Files.readAllBytes(file));
        }
        return contents;
    }

    @Test
    void unchangedFilesAreRecordedUnchangedAndNewTouchedAndReplacedOnesArePlanned(@TempDir Path dir) throws Exception {
        // given: 120 files patched, then an incremental run over the patched tree as the baseline
        List<Path> files = FhdrTree.generate(dir.resolve("old"), 120, 31);
        Path replaced = files.get(50);
        byte[] replacement = Files.readAllBytes(replaced);
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            JdbcTemplate jdbc = db.jdbc();
            ExecutionSummary first = launch(service, fhdr(), dir, false);
            assertThat(first.outcomes()).containsEntry("PATCHED", 120L);
            ExecutionSummary second = launch(service, fhdr(), dir, true);
            // headpatch's own writes moved every ctime: each file is read once more, and is done
            assertThat(second.baselineInstanceId()).isEqualTo(first.jobInstanceId());
            assertThat(second.outcomes()).containsEntry("ALREADY_DONE", 120L).containsEntry("UNCHANGED", 0L);

            List<Path> added = FhdrTree.generate(dir.resolve("new"), 15, 32);
            Path touched = files.get(7);
            Files.setLastModifiedTime(touched, FileTime.fromMillis(Files.getLastModifiedTime(touched).toMillis() - 60_000));
            // its v1.2 original put back from a backup: same name, size and mtime, another inode
            FileTime replacedMtime = Files.getLastModifiedTime(replaced);
            Path staged = Files.write(dir.resolve("replacement.tmp"), replacement);
            Files.setLastModifiedTime(staged, replacedMtime);
            Files.move(staged, replaced, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            List<Path> untouched = new ArrayList<>(files);
            untouched.removeAll(List.of(touched, replaced));
            Map<Path, byte[]> before = snapshot(untouched);

            // when
            ExecutionSummary third = launch(service, fhdr(), dir, true);

            // then
            assertThat(third.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(third.incremental()).isTrue();
            assertThat(third.baselineInstanceId()).isEqualTo(second.jobInstanceId());
            assertThat(third.filesTotal()).isEqualTo(135);
            assertThat(third.outcomes()).containsEntry("UNCHANGED", 118L).containsEntry("PATCHED", 16L)
                    .containsEntry("ALREADY_DONE", 1L);
            Map<String, String> outcomes = outcomes(jdbc, third.jobInstanceId());
            assertThat(outcomes.get(touched.toString())).isEqualTo("ALREADY_DONE " + PatchPlanner.DONE_CLAUSE);
            assertThat(outcomes.get(replaced.toString())).startsWith("PATCHED");
            for (Path file : untouched) {
                assertThat(outcomes.get(file.toString())).as("%s", file).isEqualTo("UNCHANGED ALREADY_DONE");
                assertThat(Files.readAllBytes(file)).as("content of %s", file).isEqualTo(before.get(file));
            }
            long timestamp = timestampOf(jdbc, third.jobInstanceId());
            for (Path file : added) {
                assertThat(outcomes.get(file.toString())).as("%s", file).startsWith("PATCHED");
            }
            assertThat(Arrays.copyOf(Files.readAllBytes(replaced), 64))
                    .isEqualTo(FhdrExpectations.v13Header(replacement, timestamp));
            // only the files to plan were partitioned: the worker steps never read the unchanged ones
            assertThat(jdbc.queryForObject("SELECT SUM(files_total) FROM hp_partition_progress WHERE job_instance_id = ?",
                    Long.class, third.jobInstanceId())).isEqualTo(17L);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_failed_file_report r JOIN hp_manifest m USING (manifest_id)"
                    + " WHERE m.job_instance_id = ?", Long.class, third.jobInstanceId())).isZero();

            // and when the next incremental launch finds the files the third one wrote re-read once, one file deleted,
            // the rest unchanged
            Path deleted = untouched.get(60);
            Files.delete(deleted);
            ExecutionSummary fourth = launch(service, fhdr(), dir, true);
            assertThat(fourth.baselineInstanceId()).isEqualTo(third.jobInstanceId());
            assertThat(fourth.filesTotal()).isEqualTo(134);
            assertThat(fourth.outcomes()).containsEntry("UNCHANGED", 118L).containsEntry("ALREADY_DONE", 16L)
                    .containsEntry("PATCHED", 0L);
            Map<String, String> fourthOutcomes = outcomes(jdbc, fourth.jobInstanceId());
            assertThat(fourthOutcomes).hasSize(134).doesNotContainKey(deleted.toString());
            // carried from carried (the third run's ranges over the second's rows): each path once, one outcome each
            assertThat(jdbc.queryForList("SELECT COUNT(*) - COUNT(DISTINCT path) FROM hp_file_report WHERE job_instance_id = ?"
                    + " UNION ALL SELECT COUNT(*) FROM hp_file_report WHERE job_instance_id = ? AND outcome IS NULL", Long.class,
                    fourth.jobInstanceId(), fourth.jobInstanceId())).containsExactly(0L, 0L);
            assertThat(fourthOutcomes.get(touched.toString())).isEqualTo("UNCHANGED ALREADY_DONE");
            // its unchanged files cost no row: the list holds only the 16 files it read
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_file f JOIN hp_manifest m USING (manifest_id)"
                    + " WHERE m.job_instance_id = ?", Long.class, fourth.jobInstanceId())).isEqualTo(16L);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome o JOIN hp_manifest m USING (manifest_id)"
                    + " WHERE m.job_instance_id = ?", Long.class, fourth.jobInstanceId())).isEqualTo(16L);
        }
    }

    @Test
    void theIdsOfAnotherManifestInsideACarriedRangeAreNotCarried(@TempDir Path dir) throws Exception {
        // given: a baseline whose file ids are every other id, and another manifest's rows at the ids between them
        // (as concurrent scans interleave them)
        FhdrTree.generate(dir, 50, 71);
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            JdbcTemplate jdbc = db.jdbc();
            launch(service, fhdr(), dir, false);
            ExecutionSummary baseline;
            jdbc.execute("ALTER SEQUENCE hp_file_file_id_seq INCREMENT BY 2");
            try {
                baseline = launch(service, fhdr(), dir, false);
            } finally {
                jdbc.execute("ALTER SEQUENCE hp_file_file_id_seq INCREMENT BY 1");
            }
            long manifestId = jdbc.queryForObject("SELECT manifest_id FROM hp_manifest WHERE job_instance_id = ?", Long.class,
                    baseline.jobInstanceId());
            int foreign = jdbc.update("""
                    INSERT INTO hp_file (file_id, manifest_id, path, size, mtime_ms, kind, device, inode, ctime_ns)
                    SELECT file_id + 1, -1, path || '.foreign', size, mtime_ms, kind, device, inode, ctime_ns
                    FROM hp_file WHERE manifest_id = ? AND file_id < (SELECT MAX(file_id) FROM hp_file WHERE manifest_id = ?)""",
                    manifestId, manifestId);
            assertThat(foreign).isEqualTo(49);

            try {
                // when
                ExecutionSummary incremental = launch(service, fhdr(), dir, true);

                // then: one range over the baseline's ids, and only its 50 files in it
                assertThat(incremental.outcomes()).containsEntry("UNCHANGED", 50L);
                assertThat(jdbc.queryForList("SELECT last_file_id - first_file_id FROM hp_carried c JOIN hp_manifest m"
                        + " USING (manifest_id) WHERE m.job_instance_id = ?", Long.class, incremental.jobInstanceId()))
                        .containsExactly(98L);
                Map<String, String> outcomes = outcomes(jdbc, incremental.jobInstanceId());
                assertThat(outcomes).hasSize(50);
                assertThat(outcomes.keySet()).noneMatch(path -> path.endsWith(".foreign"));
                assertThat(incremental.filesTotal()).isEqualTo(50);
            } finally {
                jdbc.update("DELETE FROM hp_file WHERE manifest_id = -1");
            }
        }
    }

    @Test
    void aBaselineWithAFileWithoutAnOutcomeIsNotTrustedAndEveryFileIsReadAgain(@TempDir Path dir) throws Exception {
        // given: a baseline over done files, one of whose outcome rows is missing (nothing proves it was decided)
        List<Path> files = FhdrTree.generate(dir, 30, 81);
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            JdbcTemplate jdbc = db.jdbc();
            launch(service, fhdr(), dir, false);
            ExecutionSummary baseline = launch(service, fhdr(), dir, false);
            Path undecided = files.get(11);
            assertThat(jdbc.update("DELETE FROM hp_outcome o USING hp_file f, hp_manifest m WHERE o.file_id = f.file_id"
                    + " AND f.manifest_id = m.manifest_id AND m.job_instance_id = ? AND f.path = ?",
                    baseline.jobInstanceId(), undecided.toString())).isEqualTo(1);

            // when
            ExecutionSummary incremental = launch(service, fhdr(), dir, true);

            // then
            assertThat(incremental.baselineInstanceId()).isEqualTo(baseline.jobInstanceId());
            assertThat(incremental.outcomes()).containsEntry("UNCHANGED", 0L).containsEntry("ALREADY_DONE", 30L);
            assertThat(outcomes(jdbc, incremental.jobInstanceId()).get(undecided.toString())).startsWith("ALREADY_DONE");
        }
    }

    @Test
    void aFileWhoseLastOutcomeWasAnIoErrorIsReadAgain(@TempDir Path dir) throws Exception {
        // given: a baseline run by a child without the capabilities that let root read any file, over a tree
        // where one file (done already) has mode 000: that file is the baseline's IO_ERROR
        List<Path> files = FhdrTree.generate(dir, 60, 41);
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            JdbcTemplate jdbc = db.jdbc();
            ExecutionSummary first = launch(service, fhdr(), dir, false);
            assertThat(first.outcomes()).containsEntry("PATCHED", 60L);
            Path unreadable = files.get(13);
            Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
            Process child = ChildJvm.start(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"),
                    CrashChild.class, List.of("launch", db.url(), dir.toString(), "without-dac"));
            List<String> out = output(child);
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("STATUS COMPLETED");
            long baseline = jdbc.queryForObject("SELECT job_instance_id FROM batch_job_execution e JOIN batch_job_execution_params p"
                    + " USING (job_execution_id) WHERE p.parameter_name = 'run.id' AND p.parameter_value = 'without-dac'", Long.class);
            Map<String, String> baselineOutcomes = outcomes(jdbc, baseline);
            assertThat(baselineOutcomes.get(unreadable.toString())).startsWith("IO_ERROR");
            assertThat(baselineOutcomes.values()).filteredOn(o -> o.startsWith("ALREADY_DONE")).hasSize(59);

            // when: incremental, as root with every capability
            ExecutionSummary next = service.launch(LaunchRequest.builder(fhdr(), scanOf(dir)).partitions(4).threads(2).chunk(50)
                    .incremental(true).build());

            // then
            assertThat(next.baselineInstanceId()).isEqualTo(baseline);
            assertThat(next.outcomes()).containsEntry("UNCHANGED", 59L).containsEntry("ALREADY_DONE", 1L)
                    .containsEntry("IO_ERROR", 0L);
            assertThat(outcomes(jdbc, next.jobInstanceId()).get(unreadable.toString())).startsWith("ALREADY_DONE");
        }
    }

    @Test
    void aChangedSpecParameterHasNoBaselineAndPlansEveryFile(@TempDir Path dir, @TempDir Path specs) throws Exception {
        // given
        Path specFile = Files.writeString(specs.resolve("fhdr-version.yaml"), """
                name: fhdr-version
                headerLength: 64
                match:
                  - { offset: 0, bytes: "46494C45" }
                set:
                  - { offset: 62, type: u16be, value: "${version}" }
                """);
        FhdrTree.generate(dir, 40, 51);
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            ExecutionSummary v13 = launch(service, HeaderSpec.load(specFile, Map.of("version", "0x0103")), dir, false);
            ExecutionSummary v13again = launch(service, HeaderSpec.load(specFile, Map.of("version", "0x0103")), dir, true);
            assertThat(v13again.baselineInstanceId()).isEqualTo(v13.jobInstanceId());
            // a dry run is never a baseline: its PATCHED files were not written
            ExecutionSummary dry = service.launch(LaunchRequest.builder(HeaderSpec.load(specFile, Map.of("version", "0x0103")),
                    scanOf(dir)).dryRun(true).incremental(true).build());
            assertThat(dry.baselineInstanceId()).isEqualTo(v13again.jobInstanceId());
            assertThat(dry.outcomes()).containsEntry("UNCHANGED", 40L);

            // when
            ExecutionSummary v14 = launch(service, HeaderSpec.load(specFile, Map.of("version", "0x0104")), dir, true);

            // then
            assertThat(v14.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(v14.incremental()).isTrue();
            assertThat(v14.baselineInstanceId()).isNull();
            assertThat(v14.outcomes()).containsEntry("PATCHED", 40L).containsEntry("UNCHANGED", 0L);
            ExecutionSummary v13third = launch(service, HeaderSpec.load(specFile, Map.of("version", "0x0103")), dir, true);
            assertThat(v13third.baselineInstanceId()).isEqualTo(v13again.jobInstanceId());
            assertThat(v13third.outcomes()).as("every file changed by the 0x0104 run").containsEntry("PATCHED", 40L);
        }
    }

    @Test
    void aKilledIncrementalRunRestartsToEveryNewFilePatchedAndTheRestUnchanged(@TempDir Path dir) throws Exception {
        // given: 1,500 files done and a baseline over them, then 3,000 new ones
        List<Path> old = FhdrTree.generate(dir.resolve("old"), 1_500, 61);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            launch(service, fhdr(), dir, false);
            ExecutionSummary baseline = launch(service, fhdr(), dir, false);
            assertThat(baseline.outcomes()).containsEntry("ALREADY_DONE", 1_500L);
        }
        Map<Path, byte[]> oldContents = snapshot(old);
        List<Path> added = FhdrTree.generate(dir.resolve("new"), 3_000, 62);
        FhdrExpectations expected = new FhdrExpectations(added);

        // when: killed once half the new files are decided, then restarted until COMPLETED
        Process child = ChildJvm.start(CrashChild.class, List.of("launch-incremental", db.url(), dir.toString(), "incremental-kill"));
        Long instanceId = awaitDecided(jdbc, child, "incremental-kill", 1_000);
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        String status = "";
        for (int attempt = 0; attempt < 3 && !status.equals("COMPLETED"); attempt++) {
            long lastExecution = jdbc.queryForObject(
                    "SELECT MAX(job_execution_id) FROM batch_job_execution WHERE job_instance_id = ?", Long.class, instanceId);
            Process restart = ChildJvm.start(CrashChild.class, List.of("restart", db.url(), Long.toString(lastExecution)));
            List<String> out = output(restart);
            assertThat(restart.waitFor(120, TimeUnit.SECONDS)).isTrue();
            status = out.stream().filter(l -> l.startsWith("STATUS ")).map(l -> l.substring(7)).findFirst().orElse("none: " + out);
        }

        // then
        assertThat(status).isEqualTo("COMPLETED");
        expected.assertAllPatched(timestampOf(jdbc, instanceId));
        for (Path file : old) {
            assertThat(Files.readAllBytes(file)).as("content of %s", file).isEqualTo(oldContents.get(file));
        }
        long manifestId = jdbc.queryForObject("SELECT manifest_id FROM hp_manifest WHERE job_instance_id = ?", Long.class, instanceId);
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("SELECT outcome, COUNT(*) FROM hp_file_report WHERE manifest_id = ? GROUP BY outcome",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, manifestId);
        // the chunk killed after its writes is ALREADY_DONE on restart (its headers are at the journaled after-image)
        assertThat(counts).containsEntry("UNCHANGED", 1_500L).containsKey("PATCHED");
        assertThat(counts.keySet()).isSubsetOf("UNCHANGED", "PATCHED", "ALREADY_DONE");
        assertThat(counts.get("PATCHED") + counts.getOrDefault("ALREADY_DONE", 0L)).isEqualTo(3_000L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_journal WHERE manifest_id = ?", Long.class, manifestId))
                .isEqualTo(3_000L);
        List<String> wrongOriginals = new ArrayList<>();
        jdbc.query("SELECT f.path, j.before_bytes FROM hp_journal j JOIN hp_file f USING (file_id) WHERE j.manifest_id = ?", rs -> {
            Path path = Path.of(rs.getString(1));
            if (!Arrays.equals(rs.getBytes(2), Arrays.copyOf(expected.original(path), 64))) {
                wrongOriginals.add(path.toString());
            }
        }, manifestId);
        assertThat(wrongOriginals).isEmpty();
    }

    @Test
    void aScanKilledInsideItsTransactionLeavesNoRangeAndItsRestartCarriesEachFileOnce(@TempDir Path dir) throws Exception {
        // given: a baseline over 200 done files, 100 new ones, and the baseline's manifest row held FOR UPDATE, so that
        // the incremental scan blocks inside its transaction (manifest row written, not committed) at its KEY SHARE lock
        FhdrTree.generate(dir.resolve("old"), 200, 91);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        long baselineManifest;
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            launch(service, fhdr(), dir, false);
            ExecutionSummary baseline = launch(service, fhdr(), dir, false);
            baselineManifest = jdbc.queryForObject("SELECT manifest_id FROM hp_manifest WHERE job_instance_id = ?", Long.class,
                    baseline.jobInstanceId());
        }
        FhdrExpectations expected = new FhdrExpectations(FhdrTree.generate(dir.resolve("new"), 100, 92));
        Long instanceId;
        try (java.sql.Connection holder = db.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (java.sql.Statement hold = holder.createStatement()) {
                hold.executeQuery("SELECT 1 FROM hp_manifest WHERE manifest_id = " + baselineManifest + " FOR UPDATE").close();
            }
            Process child = ChildJvm.start(CrashChild.class, List.of("launch-incremental", db.url(), dir.toString(), "scan-kill"));
            await("the scan reached its lock").atMost(120, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
                    .failFast("the child ended before the kill", () -> !child.isAlive())
                    .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            + " AND query LIKE '%FOR KEY SHARE%'", Long.class) > 0);

            // when: killed there
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            holder.rollback();
            instanceId = jdbc.queryForObject("SELECT job_instance_id FROM batch_job_execution e JOIN batch_job_execution_params p"
                    + " USING (job_execution_id) WHERE p.parameter_name = 'run.id' AND p.parameter_value = 'scan-kill'", Long.class);
        }

        // then: nothing of the scan stayed, and the restart lists, carries and patches as an unbroken run would
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_manifest WHERE job_instance_id = ?", Long.class, instanceId)).isZero();
        long lastExecution = jdbc.queryForObject("SELECT MAX(job_execution_id) FROM batch_job_execution WHERE job_instance_id = ?",
                Long.class, instanceId);
        Process restart = ChildJvm.start(CrashChild.class, List.of("restart", db.url(), Long.toString(lastExecution)));
        List<String> out = output(restart);
        assertThat(restart.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("STATUS COMPLETED");
        expected.assertAllPatched(timestampOf(jdbc, instanceId));
        assertThat(jdbc.queryForList("SELECT outcome || ' ' || COUNT(*) FROM hp_file_report WHERE job_instance_id = ?"
                + " GROUP BY outcome ORDER BY outcome", String.class, instanceId)).containsExactly("PATCHED 100", "UNCHANGED 200");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) - COUNT(DISTINCT path) FROM hp_file_report WHERE job_instance_id = ?",
                Long.class, instanceId)).isZero();
        assertThat(jdbc.queryForObject("SELECT SUM(c.file_count) FROM hp_carried c JOIN hp_manifest m USING (manifest_id)"
                + " WHERE m.job_instance_id = ?", Long.class, instanceId)).isEqualTo(200L);
    }

    /** Waits until the run's patch steps decided {@code count} files (UNCHANGED ones are the scan's); returns the instance. */
    private static Long awaitDecided(JdbcTemplate jdbc, Process child, String runId, long count) {
        return await(count + " decided files").atMost(120, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
                .failFast("the child ended before the kill", () -> !child.isAlive())
                .until(() -> instanceHavingDecided(jdbc, runId, count), Objects::nonNull);
    }

    /** The run's instance once its patch steps decided {@code count} files, else null. */
    private static Long instanceHavingDecided(JdbcTemplate jdbc, String runId, long count) {
        Long instanceId = jdbc.query("SELECT job_instance_id FROM batch_job_execution e JOIN batch_job_execution_params p"
                + " USING (job_execution_id) WHERE p.parameter_name = 'run.id' AND p.parameter_value = ? LIMIT 1",
                rs -> rs.next() ? rs.getLong(1) : null, runId);
        if (instanceId == null) {
            return null;
        }
        Long decided = jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome o JOIN hp_manifest m USING (manifest_id)"
                + " WHERE m.job_instance_id = ? AND o.outcome <> 'UNCHANGED'", Long.class, instanceId);
        return decided >= count ? instanceId : null;
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
