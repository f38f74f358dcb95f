package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli.Result;
import io.headpatch.ops.support.Csv;
import io.headpatch.worker.plan.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands in-process on the machine's PostgreSQL: launch, status, report, verify, rollback and refusals. */
class CommandsIntegrationTests {

    private static final int FILES = 300;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    void launchPatchesEveryFileAndPrintsOneJsonObject() {
        // given
        FhdrFiles.generate(files, FILES, 7);

        // when
        Result result = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "4",
                "--format", "json");

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).isEmpty();
        JsonNode json = JSON.readTree(result.out());
        assertThat(json.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(json.get("executionId").asLong()).isPositive();
        assertThat(json.get("jobInstanceId").asLong()).isPositive();
        assertThat(json.has("startTime")).isTrue();
        assertThat(json.has("endTime")).isTrue();
        assertThat(json.has("filesPerSecond")).isTrue();
        JsonNode counts = json.get("files");
        assertThat(counts.get("total").asLong()).isEqualTo(FILES);
        for (Outcome outcome : Outcome.values()) {
            assertThat(counts.has(outcome.name())).as(outcome.name()).isTrue();
        }
        assertThat(counts.get("PATCHED").asLong()).isEqualTo(FILES);
        assertThat(json.get("partitions").get("total").asInt()).isEqualTo(4);
        assertThat(json.get("partitions").get("completed").asInt()).isEqualTo(4);
        assertThat(json.get("partitions").get("failed").asInt()).isZero();
    }

    @Test
    void statusListsExecutionsNewestFirstAndShowsOne() {
        // given
        FhdrFiles.generate(files, 20, 8);
        long first = launch();
        long second = executionId(database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--format", "json"));

        // when
        Result list = database.cli(home).run("status", "--format", "json");
        Result one = database.cli(home).run("status", Long.toString(first), "--format", "json");
        Result text = database.cli(home).run("status");

        // then
        assertThat(list.exitCode()).as(list.toString()).isZero();
        JsonNode array = JSON.readTree(list.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array.get(0).get("executionId").asLong()).isEqualTo(second);
        assertThat(array.get(1).get("executionId").asLong()).isEqualTo(first);
        assertThat(JSON.readTree(one.out()).get("executionId").asLong()).isEqualTo(first);
        assertThat(text.out()).contains("EXECUTION", "COMPLETED", Long.toString(second));
    }

    @Test
    void reportCsvHasOneRowPerFile() {
        // given
        List<Path> generated = FhdrFiles.generate(files, 50, 9);
        long execution = launch();

        // when
        Result result = database.cli(home).run("report", Long.toString(execution), "--format", "csv", "--files", "all");

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<List<String>> rows = Csv.parse(result.out());
        assertThat(rows.get(0)).containsExactly("path", "outcome", "reason", "before_hex", "after_hex");
        List<List<String>> fileRows = rows.subList(1, rows.size());
        assertThat(fileRows).hasSize(generated.size());
        assertThat(fileRows).extracting(row -> Path.of(row.get(0)))
                .containsExactlyInAnyOrderElementsOf(generated.stream().map(Path::toAbsolutePath).toList());
        assertThat(fileRows).allSatisfy(row -> {
            assertThat(row.get(1)).isEqualTo("PATCHED");
            assertThat(row.get(3)).hasSize(128).startsWith("46494c45");
            assertThat(row.get(4)).hasSize(128).endsWith("0103");
        });
    }

    @Test
    void reportTableAndJsonShowSummaryPartitionsAndFiles() throws IOException {
        // given
        FhdrFiles.generate(files, 30, 10);
        Files.writeString(files.resolve("not-fhdr.bin"), "x".repeat(100));
        long execution = launch();
        Path output = home.resolve("report.json");

        // when
        Result table = database.cli(home).run("report", Long.toString(execution));
        Result json = database.cli(home).run("report", Long.toString(execution), "--format", "json", "--output", output.toString());

        // then
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("PARTITION", "HOST", "NOT_MATCHING", "not-fhdr.bin").doesNotContain("f0000001.fhdr");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode report = JSON.readTree(Files.readString(output));
        assertThat(report.get("execution").get("executionId").asLong()).isEqualTo(execution);
        assertThat(report.get("partitions").size()).isPositive();
        assertThat(report.get("fileCount").asLong()).isEqualTo(31);
        assertThat(report.get("files").size()).isEqualTo(31);
    }

    @Test
    void verifyFindsNoMismatchAndRollbackRestoresTheOriginalBytes() {
        // given
        List<Path> generated = FhdrFiles.generate(files, 120, 11);
        Map<Path, byte[]> originals = contents(generated);
        long execution = launch();
        assertThat(generated).allSatisfy(file -> assertThat(read(file)).isNotEqualTo(originals.get(file)));

        // when
        Result verify = database.cli(home).run("verify", Long.toString(execution));
        Result rollback = database.cli(home).run("rollback", Long.toString(execution));

        // then
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("MATCHES 120").doesNotContain("MISMATCH");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("ROLLED_BACK 120");
        assertThat(generated).allSatisfy(file -> assertThat(read(file)).isEqualTo(originals.get(file)));
    }

    @Test
    void restartOfACompletedExecutionIsAConflict() {
        // given
        FhdrFiles.generate(files, 5, 12);
        long execution = launch();

        // when
        Result result = database.cli(home).run("restart", Long.toString(execution));

        // then
        assertOneLineError(result, ExitCodes.CONFLICT, "already COMPLETED");
    }

    @Test
    void anUnknownExecutionIsNotFound() {
        // when
        Result status = database.cli(home).run("status", "987654321");
        Result restart = database.cli(home).run("restart", "987654321");
        Result report = database.cli(home).run("report", "987654321");

        // then
        assertOneLineError(status, ExitCodes.CONFLICT, "no job execution with id 987654321");
        assertOneLineError(restart, ExitCodes.CONFLICT, "no job execution with id 987654321");
        assertOneLineError(report, ExitCodes.CONFLICT, "no job execution with id 987654321");
    }

    @Test
    void theSameRunIdAgainIsAConflict() {
        // given
        FhdrFiles.generate(files, 5, 13);
        assertThat(database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--run-id", "once").exitCode()).isZero();

        // when
        Result again = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--run-id", "once");

        // then
        assertOneLineError(again, ExitCodes.CONFLICT, "already completed");
    }

    @Test
    void anIncrementalLaunchShowsItsUnchangedFilesAndBaselineInJsonAndReports() {
        // given: a launch, and an incremental one that re-reads the files the first wrote (the baseline)
        FhdrFiles.generate(files, 40, 11);
        launch();
        Result second = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--incremental", "--format", "json");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(JSON.readTree(second.out()).get("files").get("ALREADY_DONE").asLong()).isEqualTo(40);

        // when
        Result third = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--incremental", "--format", "json");
        long execution = executionId(third);
        Result table = database.cli(home).run("report", Long.toString(execution));
        Result csv = database.cli(home).run("report", Long.toString(execution), "--format", "csv");

        // then
        assertThat(third.exitCode()).as(third.toString()).isZero();
        JsonNode json = JSON.readTree(third.out());
        assertThat(json.get("incremental").asBoolean()).isTrue();
        assertThat(json.get("baselineInstanceId").asLong()).isEqualTo(JSON.readTree(second.out()).get("jobInstanceId").asLong());
        assertThat(json.get("files").get("UNCHANGED").asLong()).isEqualTo(40);
        assertThat(json.get("files").get("decided").asLong()).isEqualTo(40);
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("UNCHANGED 40", "baseline    instance " + JSON.readTree(second.out()).get("jobInstanceId").asLong())
                .doesNotContain("f0000001.fhdr");
        List<List<String>> rows = Csv.parse(csv.out());
        assertThat(rows.subList(1, rows.size())).hasSize(40).allSatisfy(row -> {
            assertThat(row.get(1)).isEqualTo("UNCHANGED");
            assertThat(row.get(2)).isEqualTo("ALREADY_DONE");
        });
    }

    @Test
    void aHardLinkFromOutsideIsReportedWithItsLinkCountAndAllowHardLinksIsShownAsTheRunsOption() throws IOException {
        // given: 20 files, one of them a hard link to a file outside the root
        List<Path> generated = FhdrFiles.generate(files, 20, 12);
        Path outside = home.resolve("outside.bin");
        Files.move(generated.get(0), outside);
        Files.createLink(generated.get(0), outside);
        byte[] outsideBytes = Files.readAllBytes(outside);

        // when: a launch, its report and rollback; then a launch that allows hard links, and its report
        long refused = launch();
        Result refusedReport = database.cli(home).run("report", Long.toString(refused));
        Result rollback = database.cli(home).run("rollback", Long.toString(refused));
        byte[] outsideAfterRollback = Files.readAllBytes(outside);
        Result allowed = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--allow-hard-links",
                "--format", "json");
        String allowedId = Long.toString(executionId(allowed));
        Result allowedReport = database.cli(home).run("report", allowedId);
        Result allowedJson = database.cli(home).run("report", allowedId, "--format", "json");

        // then: the outside file untouched until allowed; each report says which option the run had
        assertThat(refusedReport.out()).contains("options     -", "NOT_REGULAR", generated.get(0) + " (2 hard links)");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(outsideAfterRollback).isEqualTo(outsideBytes);
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(JSON.readTree(allowed.out()).get("allowHardLinks").asBoolean()).isTrue();
        // every file again (the rollback restored the others), the link included
        assertThat(JSON.readTree(allowed.out()).get("files").get("PATCHED").asLong()).isEqualTo(20);
        assertThat(JSON.readTree(allowed.out()).get("files").get("NOT_REGULAR").asLong()).isZero();
        assertThat(Files.readAllBytes(outside)).isNotEqualTo(outsideBytes);
        assertThat(allowedReport.out()).contains("options     --allow-hard-links");
        assertThat(JSON.readTree(allowedJson.out()).get("execution").get("allowHardLinks").asBoolean()).isTrue();
        assertThat(JSON.readTree(database.cli(home).run("report", Long.toString(refused), "--format", "json").out())
                .get("execution").get("allowHardLinks").asBoolean()).isFalse();
    }

    @Test
    void dbInfoListsTheAppliedMigrations() {
        // when
        Result migrate = database.cli(home).run("db", "migrate");
        Result info = database.cli(home).run("db", "info");

        // then
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("applied 0 migration(s)");
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).contains("VERSION", "reporting views", "Success");
    }

    private long launch() {
        Result result = database.cli(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--format", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return executionId(result);
    }

    private static long executionId(Result result) {
        return JSON.readTree(result.out()).get("executionId").asLong();
    }

    private static void assertOneLineError(Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.errLines()).as(result.toString()).hasSize(1);
        assertThat(result.errLines().get(0)).contains(message);
    }

    private static Map<Path, byte[]> contents(List<Path> paths) {
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        paths.forEach(path -> contents.put(path, read(path)));
        return contents;
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
