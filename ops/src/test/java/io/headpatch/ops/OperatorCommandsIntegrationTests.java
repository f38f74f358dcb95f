package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators script against, in-process on the machine's PostgreSQL: exit codes, globs, retrying failed files. */
class OperatorCommandsIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perTest();

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    void aCompletedRunWithAFileGoneExitsWithItsOwnCode() throws IOException {
        // given a manifest naming two files and one that does not exist
        List<Path> generated = FhdrFiles.generate(files, 2, 21);
        Path missing = files.resolve("missing.fhdr");
        Path manifest = Files.writeString(home.resolve("manifest.txt"), generated.get(0) + "\n" + missing + "\n" + generated.get(1) + "\n");

        // when
        Result result = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--manifest", manifest.toString());

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(result.out()).contains("COMPLETED", "PATCHED 2", "GONE 1");
    }

    @Test
    void aRunOverTheFailureLimitStillFailsWithOne() throws IOException {
        // given
        List<Path> generated = FhdrFiles.generate(files, 2, 22);
        Path manifest = Files.writeString(home.resolve("manifest.txt"), generated.get(0) + "\n" + files.resolve("gone.fhdr") + "\n");

        // when
        Result result = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--manifest", manifest.toString(), "--max-failures", "0");

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.out()).contains("FAILED");
    }

    @Test
    void aCompletedRunWithOnlySkippedFilesExitsZero() throws IOException {
        // given
        FhdrFiles.generate(files, 3, 23);
        Files.writeString(files.resolve("not-fhdr.bin"), "x".repeat(100));

        // when
        Result result = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString());

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("PATCHED 3", "NOT_MATCHING 1");
    }

    @Test
    void aLeadingDoubleStarGlobTakesFilesRightUnderTheRootToo() throws IOException {
        // given a.fhdr under the root, sub/b.fhdr one folder down, and tmp/c.fhdr in a folder to exclude
        List<Path> generated = FhdrFiles.generate(home.resolve("generated"), 4, 24);
        Path atRoot = Files.move(generated.get(0), files.resolve("a.fhdr"));
        Path inSub = Files.move(generated.get(1), Files.createDirectories(files.resolve("sub")).resolve("b.fhdr"));
        Path inTmp = Files.move(generated.get(2), Files.createDirectories(files.resolve("tmp")).resolve("c.fhdr"));
        Files.move(generated.get(3), files.resolve("d.other"));

        // when
        Result result = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--include", "**/*.fhdr",
                "--exclude", "**/tmp/**", "--format", "json");

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode counts = JSON.readTree(result.out()).get("files");
        assertThat(counts.get("total").asLong()).isEqualTo(2);
        assertThat(counts.get("PATCHED").asLong()).isEqualTo(2);
        Result paths = database.cli(home).run("report", Long.toString(JSON.readTree(result.out()).get("executionId").asLong()),
                "--format", "paths");
        assertThat(paths.out().lines().toList()).containsExactlyInAnyOrder(atRoot.toString(), inSub.toString());
        assertThat(inTmp).exists();
    }

    @Test
    void theFailedFilesOfAReportAreAManifestThatRetriesThem() throws IOException {
        // given a run where one file was gone
        List<Path> generated = FhdrFiles.generate(files, 3, 25);
        Path late = files.resolve("late.fhdr");
        Path manifest = Files.writeString(home.resolve("manifest.txt"),
                String.join("\n", generated.get(0).toString(), late.toString(), generated.get(1).toString()) + "\n");
        Result first = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--manifest", manifest.toString(), "--format", "json");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        long execution = JSON.readTree(first.out()).get("executionId").asLong();

        // when the failed files are listed, the file appears, and the list is launched
        Path retry = home.resolve("retry.txt");
        Result report = database.cli(home).run("report", Long.toString(execution), "--files", "failed", "--format", "paths", "-o", retry.toString());
        Files.move(generated.get(2), late);
        Result again = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--manifest", retry.toString(), "--format", "json");

        // then
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(Files.readString(retry)).isEqualTo(late + "\n");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode counts = JSON.readTree(again.out()).get("files");
        assertThat(counts.get("total").asLong()).isEqualTo(1);
        assertThat(counts.get("PATCHED").asLong()).isEqualTo(1);
        assertThat(read(late)).endsWith(0x01, 0x03);
    }

    @Test
    void aCompletedRunWithAFileGoneIsRetriedNotRestartedAndTheTwoReportsNameEachOther() throws IOException {
        // given a run where one file was gone (exit 5)
        List<Path> generated = FhdrFiles.generate(files, 3, 26);
        Path late = files.resolve("late.fhdr");
        Path manifest = Files.writeString(home.resolve("manifest.txt"),
                String.join("\n", generated.get(0).toString(), late.toString(), generated.get(1).toString()) + "\n");
        Result first = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--manifest", manifest.toString(), "--format", "json");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        long execution = executionId(first);

        // when restart is asked, then the file appears and retry is asked
        Result restart = database.cli(home).run("restart", Long.toString(execution));
        Files.move(generated.get(2), late);
        Result retry = database.cli(home).run("retry", Long.toString(execution), "--format", "json");
        long retried = executionId(retry);
        Result status = database.cli(home).run("status", Long.toString(execution));
        Result report = database.cli(home).run("report", Long.toString(retried));
        Result again = database.cli(home).run("retry", Long.toString(execution));

        // then
        assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(restart.err()).contains("use: headpatch retry " + execution);
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        JsonNode summary = JSON.readTree(retry.out());
        assertThat(summary.get("retryOf").asLong()).isEqualTo(execution);
        assertThat(summary.get("files").get("total").asLong()).isEqualTo(1);
        assertThat(summary.get("files").get("PATCHED").asLong()).isEqualTo(1);
        assertThat(read(late)).endsWith(0x01, 0x03);
        assertThat(status.out()).contains("retried by  execution " + retried);
        assertThat(report.out()).contains("retry of    execution " + execution);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(again.err()).contains("already retried by execution " + retried);
    }

    @Test
    void nulSeparatedPathsCarryNamesWithLineBreaksAndSpaces() throws IOException {
        // given a file whose name holds a line break and ends in a space, gone at the first run
        List<Path> generated = FhdrFiles.generate(home.resolve("generated"), 1, 26);
        Path odd = files.resolve("odd\nname .fhdr");
        Path manifest = Files.write(home.resolve("manifest.bin"), (odd + "\0").getBytes(StandardCharsets.UTF_8));
        Result first = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--manifest", manifest.toString(), "--format", "json");
        long execution = JSON.readTree(first.out()).get("executionId").asLong();

        // when
        Path retry = home.resolve("retry.bin");
        Result lines = database.cli(home).run("report", Long.toString(execution), "--files", "failed", "--format", "paths");
        Result nul = database.cli(home).run("report", Long.toString(execution), "--files", "failed", "--format", "paths", "-0",
                "-o", retry.toString());
        Files.move(generated.get(0), odd);
        Result again = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--manifest", retry.toString(), "--format", "json");

        // then
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(lines.exitCode()).as(lines.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(lines.err()).contains("give -0");
        assertThat(nul.exitCode()).as(nul.toString()).isZero();
        assertThat(Files.readAllBytes(retry)).isEqualTo((odd + "\0").getBytes(StandardCharsets.UTF_8));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(JSON.readTree(again.out()).get("files").get("PATCHED").asLong()).isEqualTo(1);
    }

    @Test
    void nulSeparationIsOnlyForPaths() {
        // when
        Result result = database.cli(home).run("report", "1", "--format", "csv", "-0");

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).contains("-0 goes with --format paths");
    }

    @Test
    void pruneRemovesFinishedInstancesKeepsJournalsForRollbackAndNeverTouchesARestartableOne() throws IOException {
        // given a patched instance (journaled), a dry run (no journal) and a FAILED one (restartable)
        List<Path> patched = FhdrFiles.generate(files.resolve("patched"), 5, 27);
        byte[] original = Files.readAllBytes(patched.get(0));
        long journaled = executionId(database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.resolve("patched").toString(),
                "--format", "json"));
        FhdrFiles.generate(files.resolve("dry"), 4, 28);
        long dryRun = executionId(database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.resolve("dry").toString(),
                "--dry-run", "--format", "json"));
        Path manifest = Files.writeString(home.resolve("gone.txt"), files.resolve("gone.fhdr") + "\n");
        Result failedRun = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--manifest", manifest.toString(), "--max-failures", "0",
                "--format", "json");
        long failed = executionId(failedRun);
        assertThat(failedRun.exitCode()).as(failedRun.toString()).isEqualTo(ExitCodes.FAILED);
        JdbcTemplate jdbc = database.jdbc();
        long instancesBefore = count(jdbc, "batch_job_instance");

        // when
        Result tooRecent = database.cli(home).run("prune", "--older-than", "30d");
        Result dry = database.cli(home).run("prune", "--older-than", "0m", "--dry-run");
        long instancesAfterDryRun = count(jdbc, "batch_job_instance");
        Result prune = database.cli(home).run("prune", "--older-than", "0m");
        Result rollback = database.cli(home).run("rollback", Long.toString(journaled));
        Result restartable = database.cli(home).run("status", Long.toString(failed), "--format", "json");
        Result withJournal = database.cli(home).run("prune", "--older-than", "0m", "--include-journal");

        // then
        assertThat(tooRecent.exitCode()).as(tooRecent.toString()).isZero();
        assertThat(tooRecent.out()).contains("pruned instances finished before", ": 0 removed, 0 kept for rollback");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would prune", ": 1 removed, 1 kept for rollback (journal), 0 kept for the files a later incremental run carries;"
                + " 1 executions, 4 files,"
                + " 4 outcomes");
        assertThat(instancesAfterDryRun).isEqualTo(instancesBefore);
        assertThat(prune.out()).contains(": 1 removed, 1 kept for rollback (journal), 0 kept for the files a later"
                + " incremental run carries; 1 executions, 4 files, 4 outcomes");
        assertThat(database.cli(home).run("status", Long.toString(dryRun)).exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(Files.readAllBytes(patched.get(0))).isEqualTo(original);
        assertThat(JSON.readTree(restartable.out()).get("status").asString()).isEqualTo("FAILED");
        assertThat(withJournal.out()).contains(": 1 removed, 0 kept for rollback (journal), 0 kept for the files a later"
                + " incremental run carries; 1 executions, 5 files,"
                + " 5 outcomes, 5 checks, 5 journal rows");
        assertThat(database.cli(home).run("status", Long.toString(journaled)).exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(database.cli(home).run("status", Long.toString(failed)).exitCode()).isZero();
        assertThat(count(jdbc, "batch_job_instance")).isEqualTo(instancesBefore - 2);
    }

    @Test
    void pruneKeepsTheInstanceWhoseFilesAKeptIncrementalRunCarries() throws IOException {
        // given a patched run, a full re-run (no journal) and an incremental run that carries the re-run's six
        // unchanged files and patches one new file (so its journal keeps it)
        Path tree = files.resolve("tree");
        List<Path> old = FhdrFiles.generate(tree.resolve("old"), 6, 29);
        database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", tree.toString());
        long rerun = executionId(database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", tree.toString(), "--format", "json"));
        FhdrFiles.generate(tree.resolve("new"), 1, 30);
        Result incremental = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", tree.toString(), "--incremental",
                "--format", "json");
        JsonNode summary = JSON.readTree(incremental.out());
        assertThat(summary.get("files").get("UNCHANGED").asLong()).as(incremental.toString()).isEqualTo(6);
        long incrementalId = summary.get("executionId").asLong();
        JdbcTemplate jdbc = database.jdbc();

        // when
        Result prune = database.cli(home).run("prune", "--older-than", "0m");
        Result report = database.cli(home).run("report", Long.toString(incrementalId), "--files", "all");
        Result rerunStatus = database.cli(home).run("status", Long.toString(rerun));
        Result withJournal = database.cli(home).run("prune", "--older-than", "0m", "--include-journal");

        // then: the re-run stays whole while the incremental run stays, and its files are still reported
        assertThat(prune.exitCode()).as(prune.toString()).isZero();
        assertThat(prune.out()).contains(": 0 removed, 2 kept for rollback (journal), 1 kept for the files a later"
                + " incremental run carries;");
        assertThat(rerunStatus.exitCode()).as(rerunStatus.toString()).isZero();
        assertThat(report.exitCode()).as(report.toString()).isZero();
        for (Path file : old) {
            assertThat(report.out().lines().filter(line -> line.contains(file.toString()))).singleElement()
                    .asString().contains("UNCHANGED");
        }
        // once the incremental run goes too, nothing carries the re-run's files
        assertThat(withJournal.exitCode()).as(withJournal.toString()).isZero();
        assertThat(withJournal.out()).contains(": 3 removed, 0 kept for rollback (journal), 0 kept");
        assertThat(count(jdbc, "batch_job_instance")).isZero();
        assertThat(count(jdbc, "hp_carried")).isZero();
    }

    @Test
    void pruneKeepsWhatAKeptInstanceCarriesThroughAnInstanceItCarriesFrom() throws IOException {
        // given: a patched run and a full re-run (R); an incremental night (M) that carries a and b from R and reads
        // a new, already done copy c (no journal); then a and b touched and a new v1.2 file d: the next night (N)
        // reads a, b and d (patching d: a journal), and carries c from M, which carries from R
        Path tree = files.resolve("chain");
        List<Path> ab = FhdrFiles.generate(tree, 2, 33);
        String[] launch = {"launch", "--spec", "fhdr-v1.3", "--root", tree.toString(), "--format", "json"};
        database.cli(home).run(launch);
        long rerun = executionId(database.cli(home).run(launch));
        Files.copy(ab.get(0), tree.resolve("c.fhdr"));
        String[] incremental = {"launch", "--spec", "fhdr-v1.3", "--root", tree.toString(), "--incremental", "--format", "json"};
        long m = executionId(database.cli(home).run(incremental));
        for (Path file : ab) {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - 60_000));
        }
        FhdrFiles.generate(tree.resolve("new"), 1, 34);
        JsonNode n = JSON.readTree(database.cli(home).run(incremental).out());
        assertThat(n.get("files").get("UNCHANGED").asLong()).as(n.toString()).isEqualTo(1);
        assertThat(n.get("files").get("PATCHED").asLong()).as(n.toString()).isEqualTo(1);

        // when
        Result prune = database.cli(home).run("prune", "--older-than", "0m");

        // then: N stays for its journal, M because N carries from it, R because M carries from it
        assertThat(prune.exitCode()).as(prune.toString()).isZero();
        assertThat(prune.out()).contains(": 0 removed, 2 kept for rollback (journal), 2 kept for the files a later"
                + " incremental run carries;");
        assertThat(database.cli(home).run("status", Long.toString(m)).exitCode()).isZero();
        assertThat(database.cli(home).run("status", Long.toString(rerun)).exitCode()).isZero();
        Result report = database.cli(home).run("report", Long.toString(n.get("executionId").asLong()), "--files", "all");
        assertThat(report.out()).contains(tree.resolve("c.fhdr").toString());
    }

    @Test
    void pruneLeavesTheBaselineOfARunningIncrementalScanAlone() throws Exception {
        // given: a finished run, and a transaction holding its manifest as an incremental scan does while it walks
        FhdrFiles.generate(files, 3, 31);
        long run = executionId(database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--dry-run",
                "--format", "json"));
        try (java.sql.Connection scan = database.dataSource().getConnection()) {
            scan.setAutoCommit(false);
            try (java.sql.Statement lock = scan.createStatement()) {
                lock.executeQuery("SELECT manifest_id FROM hp_manifest FOR KEY SHARE").close();
            }

            // when
            Result prune = database.cli(home).run("prune", "--older-than", "0m");
            scan.rollback();

            // then: kept, without waiting for the scan
            assertThat(prune.exitCode()).as(prune.toString()).isZero();
            assertThat(prune.out()).contains(": 0 removed, 0 kept for rollback (journal), 1 kept for the files a later"
                    + " incremental run carries;");
        }
        assertThat(database.cli(home).run("status", Long.toString(run)).exitCode()).isZero();
        assertThat(database.cli(home).run("prune", "--older-than", "0m").out()).contains(": 1 removed,");
    }

    private static long executionId(Result result) {
        return JSON.readTree(result.out()).get("executionId").asLong();
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private static byte[] read(Path path) {
        try {
            byte[] bytes = Files.readAllBytes(path);
            return Arrays.copyOf(bytes, FhdrFiles.HEADER_LENGTH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
