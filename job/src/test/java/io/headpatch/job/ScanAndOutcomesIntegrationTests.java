package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.FailureLimit;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.spec.HeaderSpec;
import io.headpatch.worker.io.PathText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the scan lists, and the outcome each kind of entry ends with. */
class ScanAndOutcomesIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    private static HeaderSpec fhdr() throws Exception {
        return HeaderSpec.resolve("fhdr-v1.3", Map.of());
    }

    private static Map<String, String> outcomesByName(long instanceId) {
        return db.jdbc().query("SELECT f.path, COALESCE(o.outcome, '-') || ' ' || COALESCE(o.reason, '') FROM hp_file_report o "
                        + "JOIN hp_file f USING (file_id) WHERE o.job_instance_id = ?",
                (rs, i) -> Map.entry(Path.of(rs.getString(1)).getFileName().toString(), rs.getString(2)), instanceId)
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void everyKindOfEntryEndsWithItsOwnOutcome(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
        // given
        Path good = FhdrTree.generate(dir, 1, 1).get(0);
        Files.move(good, dir.resolve("good.fhdr"));
        Files.write(dir.resolve("empty.fhdr"), new byte[0]);
        Files.write(dir.resolve("other.fhdr"), new byte[700]);
        Path outside = Files.writeString(elsewhere.resolve("target.fhdr"), "x".repeat(700));
        Files.createSymbolicLink(dir.resolve("link.fhdr"), outside);
        run(dir, "mkfifo", "pipe.fhdr");
        run(dir, "sh", "-c", "cp good.fhdr \"$(printf 'bad\\377name.fhdr')\"");

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            ExecutionSummary summary = service.launch(LaunchRequest.of(fhdr(),
                    new ScanRequest(List.of(dir), null, List.of("*.fhdr"), List.of(), null, null, false)));

            // then
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            Map<String, String> outcomes = outcomesByName(summary.jobInstanceId());
            assertThat(outcomes.get("good.fhdr")).startsWith("PATCHED");
            assertThat(outcomes.get("empty.fhdr")).startsWith("TOO_SHORT");
            assertThat(outcomes.get("other.fhdr")).startsWith("NOT_MATCHING").contains("guard offset=0");
            assertThat(outcomes.get("link.fhdr")).startsWith("NOT_REGULAR").contains("symbolic link");
            assertThat(outcomes.get("pipe.fhdr")).startsWith("NOT_REGULAR").contains("FIFO");
            // a name that is not UTF-8 is stored in its escaped text, and its file reached by its bytes
            assertThat(outcomes.get("bad\\xFFname.fhdr")).startsWith("PATCHED");
            byte[] badName = (dir + "/bad").getBytes(StandardCharsets.UTF_8);
            byte[] badBytes = Files.readAllBytes(PathText.path(concat(badName, new byte[] {(byte) 0xFF}, "name.fhdr".getBytes(StandardCharsets.US_ASCII))));
            assertThat(Arrays.copyOfRange(badBytes, 62, 64)).containsExactly(1, 3);
            assertThat(outcomes).hasSize(6);
            assertThat(Files.readString(outside)).isEqualTo("x".repeat(700));
        }
    }

    @Test
    void includeExcludeAndSizeFiltersSelectTheFiles(@TempDir Path dir) throws Exception {
        // given
        FhdrTree.generate(dir.resolve("keep"), 20, 2);
        FhdrTree.generate(dir.resolve("skip"), 20, 3);
        Files.write(dir.resolve("keep/readme.txt"), new byte[700]);
        Files.write(dir.resolve("keep/tiny.fhdr"), new byte[100]);

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            ExecutionSummary summary = service.launch(LaunchRequest.of(fhdr(),
                    new ScanRequest(List.of(dir), null, List.of("*.fhdr"), List.of("skip"), 500L, null, false)));

            // then
            assertThat(summary.filesTotal()).isEqualTo(20);
            assertThat(summary.outcomes()).containsEntry("PATCHED", 20L);
            assertThat(outcomesByName(summary.jobInstanceId())).allSatisfy((name, outcome) ->
                    assertThat(name).endsWith(".fhdr").isNotEqualTo("tiny.fhdr"));
        }
    }

    @Test
    void aNulSeparatedManifestIsReadAndAMissingPathIsGone(@TempDir Path dir) throws Exception {
        // given
        List<Path> files = FhdrTree.generate(dir.resolve("tree"), 3, 4);
        Path newline = Files.createFile(dir.resolve("tree/with\nnewline.fhdr"));
        Files.write(newline, Files.readAllBytes(files.get(0)));
        String listing = files.get(0) + "\0" + files.get(1) + "\0" + newline + "\0" + dir.resolve("tree/missing.fhdr") + "\0";
        Path manifest = Files.write(dir.resolve("list.nul"), listing.getBytes(StandardCharsets.UTF_8));

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            ExecutionSummary summary = service.launch(LaunchRequest.of(fhdr(),
                    new ScanRequest(List.of(), manifest, List.of(), List.of(), null, null, false)));

            // then
            assertThat(summary.filesTotal()).isEqualTo(4);
            assertThat(summary.outcomes()).containsEntry("PATCHED", 3L).containsEntry("GONE", 1L);
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
        }
    }

    @Test
    void moreFailuresThanTheLimitFailTheJob(@TempDir Path dir) throws Exception {
        // given: two of four listed files are missing (GONE counts as a failure)
        List<Path> files = FhdrTree.generate(dir.resolve("tree"), 2, 5);
        Path manifest = Files.writeString(dir.resolve("list.txt"), files.get(0) + "\n" + files.get(1) + "\n"
                + dir.resolve("tree/gone1") + "\n" + dir.resolve("tree/gone2") + "\n");
        ScanRequest scan = new ScanRequest(List.of(), manifest, List.of(), List.of(), null, null, false);

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            ExecutionSummary strict = service.launch(LaunchRequest.builder(fhdr(), scan).maxFailures(FailureLimit.parse("25%")).build());
            ExecutionSummary lenient = service.launch(LaunchRequest.builder(fhdr(), scan).maxFailures(FailureLimit.parse("2")).build());

            // then
            assertThat(strict.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(strict.exitMessage()).contains("failed files=2 of 4 exceed max-failures=25.0%");
            assertThat(lenient.status()).isEqualTo(ExecutionStatus.COMPLETED);
        }
    }

    @Test
    void theVerifyStepRereadsEveryWrittenHeader(@TempDir Path dir) throws Exception {
        // given
        FhdrTree.generate(dir, 300, 6);

        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            // when
            ExecutionSummary summary = service.launch(LaunchRequest.builder(fhdr(),
                    new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false)).verify(true).build());

            // then
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM hp_check c JOIN hp_manifest m USING (manifest_id) "
                    + "WHERE m.job_instance_id = ? AND c.check_kind = 'VERIFY' AND c.outcome = 'MATCHES'", Long.class, summary.jobInstanceId()))
                    .isEqualTo(300L);
        }
    }
}
