package io.headpatch.job;

import io.headpatch.job.support.FhdrTree;
import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.chunk.PlannedFile;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.FhdrExpectations;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes stay under the roots when the tree changes under a running job: folders swapped for links to look-alike
 * folders outside the root, a FIFO or another file put in a file's place, hard links; rollback writes only the file
 * it wrote, with one name. Real files, a real job, real PostgreSQL.
 */
class ConfinementIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    enum Mode {
        WALK, MANIFEST_WITH_ROOT, MANIFEST_WITHOUT_ROOT
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aFolderSwappedForALinkAfterTheScanIsNeverFollowed(Mode mode, @TempDir Path dir) throws Exception {
        // given: 3 folders of 1,000 files under the root, and look-alikes (same names, sizes, mtimes) outside it
        Path root = Files.createDirectory(dir.resolve("root"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path away = Files.createDirectory(dir.resolve("away"));
        List<Path> files = FhdrTree.generate(root, 3_000, 7);
        FhdrExpectations inRoot = new FhdrExpectations(files);
        copyTree(root.resolve("d00000"), outside.resolve("d00000"));
        copyTree(root.resolve("d00002"), outside.resolve("d00002"));
        FhdrExpectations lookAlikes = new FhdrExpectations(list(outside));
        AtomicBoolean swapped = new AtomicBoolean();
        ChunkHook swapAfterFirstJournal = new ChunkHook() {
            @Override
            public void afterJournal(String partition, List<PlannedFile> chunk) {
                if (swapped.compareAndSet(false, true)) {
                    // the folder being written now (planned, journaled) and one not yet planned
                    swapForLink(root.resolve("d00000"), away.resolve("d00000"), outside.resolve("d00000"));
                    swapForLink(root.resolve("d00002"), away.resolve("d00002"), outside.resolve("d00002"));
                }
            }
        };

        // when
        ExecutionSummary summary;
        try (PatchJobService service = new PatchJobService(db.dataSource(), swapAfterFirstJournal, PatchJobSettings.local())) {
            summary = service.launch(LaunchRequest.builder(fhdr(), scan(mode, dir, root, files))
                    .partitions(1).threads(1).chunk(500).runId("swap-" + mode).build());
        }

        // then: nothing outside the root was touched, the swapped folders' files are CHANGED_SINCE_SCAN
        assertThat(swapped).isTrue();
        assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
        lookAlikes.assertAllUnchanged();
        Map<String, String> outcomes = outcomes(summary.jobInstanceId());
        assertThat(outcomes).hasSize(3_000);
        for (Path file : files) {
            boolean swappedFolder = !file.getParent().getFileName().toString().equals("d00001");
            assertThat(outcomes.get(file.toString())).as("%s", file)
                    .startsWith(swappedFolder ? "CHANGED_SINCE_SCAN folder " : "PATCHED");
            if (swappedFolder) {
                assertThat(outcomes.get(file.toString())).endsWith("is now a symbolic link (not followed)");
                Path original = away.resolve(root.relativize(file));
                assertThat(Files.readAllBytes(original)).as("%s", original).isEqualTo(inRoot.original(file));
            }
        }
    }

    @Test
    void verifyAndRollbackNeverFollowAFolderSwappedForALink(@TempDir Path dir) throws Exception {
        // given: a completed run, then a patched folder swapped for a link to a copy of it outside the root
        Path root = Files.createDirectory(dir.resolve("root"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        List<Path> files = FhdrTree.generate(root, 2_000, 8);
        FhdrExpectations originals = new FhdrExpectations(files);
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            ExecutionSummary summary = service.launch(LaunchRequest.builder(fhdr(), roots(root)).partitions(2).threads(2)
                    .runId("swap-check").build());
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            copyTree(root.resolve("d00000"), outside.resolve("d00000"));
            FhdrExpectations patchedCopies = new FhdrExpectations(list(outside));
            swapForLink(root.resolve("d00000"), dir.resolve("away"), outside.resolve("d00000"));

            // when
            Map<CheckOutcome, Long> verified = service.verify(summary.executionId(), (done, problems) -> { });
            Map<CheckOutcome, Long> rolledBack = service.rollback(summary.executionId(), WriteOptions.defaults(), (done, problems) -> { });

            // then: the copies outside were neither read as ours nor restored
            assertThat(verified).containsEntry(CheckOutcome.MATCHES, 1_000L).containsEntry(CheckOutcome.UNREADABLE, 1_000L);
            assertThat(rolledBack).containsEntry(CheckOutcome.ROLLED_BACK, 1_000L).containsEntry(CheckOutcome.UNREADABLE, 1_000L);
            patchedCopies.assertAllUnchanged();
            assertThat(db.jdbc().queryForList("SELECT reason FROM hp_check WHERE check_kind = 'ROLLBACK' AND outcome = 'UNREADABLE'"
                    + " AND manifest_id = (SELECT manifest_id FROM hp_manifest WHERE job_instance_id = ?)", String.class,
                    summary.jobInstanceId()))
                    .hasSize(1_000)
                    .allSatisfy(reason -> assertThat(reason).contains("is now a symbolic link (not followed)")
                            .contains(" original=").contains(" after="));

            // and once the folder is back, rollback restores the rest
            Files.delete(root.resolve("d00000"));
            Files.move(dir.resolve("away"), root.resolve("d00000"));
            Map<CheckOutcome, Long> again = service.rollback(summary.executionId(), WriteOptions.defaults(), (done, problems) -> { });
            assertThat(again).containsEntry(CheckOutcome.ROLLED_BACK, 1_000L).containsEntry(CheckOutcome.ALREADY_ORIGINAL, 1_000L);
            originals.assertAllUnchanged();
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aFifoOrAnotherFilePutInAFilesPlaceAfterTheScanIsLeftAlone(@TempDir Path dir) throws Exception {
        // given: after the first chunk is journaled, files of it and of later chunks are replaced
        List<Path> files = FhdrTree.generate(dir, 1_000, 9);
        Path fifoNow = files.get(10);
        Path fifoLater = files.get(700);
        Path renamedNow = files.get(20);
        Path renamedLater = files.get(800);
        Map<Path, byte[]> replacements = new HashMap<>();
        AtomicBoolean swapped = new AtomicBoolean();
        ChunkHook swapAfterFirstJournal = new ChunkHook() {
            @Override
            public void afterJournal(String partition, List<PlannedFile> chunk) {
                if (swapped.compareAndSet(false, true)) {
                    mkfifoOver(fifoNow);
                    mkfifoOver(fifoLater);
                    replacements.put(renamedNow, renameOver(renamedNow));
                    replacements.put(renamedLater, renameOver(renamedLater));
                }
            }
        };

        // when
        ExecutionSummary summary;
        try (PatchJobService service = new PatchJobService(db.dataSource(), swapAfterFirstJournal, PatchJobSettings.local())) {
            summary = service.launch(LaunchRequest.builder(fhdr(), roots(dir)).partitions(1).threads(1).chunk(500)
                    .runId("fifo-rename").build());
        }

        // then: the FIFOs were never waited on, the files renamed over the planned ones are untouched
        assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
        Map<String, String> outcomes = outcomes(summary.jobInstanceId());
        assertThat(outcomes.get(fifoNow.toString())).isEqualTo("NOT_REGULAR not a regular file (FIFO, device or socket)");
        assertThat(outcomes.get(fifoLater.toString())).isEqualTo("NOT_REGULAR not a regular file (FIFO, device or socket)");
        assertThat(outcomes.get(renamedNow.toString())).startsWith("CHANGED_SINCE_SCAN file replaced");
        assertThat(outcomes.get(renamedLater.toString())).startsWith("CHANGED_SINCE_SCAN file replaced since the scan");
        for (Map.Entry<Path, byte[]> replaced : replacements.entrySet()) {
            assertThat(Files.readAllBytes(replaced.getKey())).isEqualTo(replaced.getValue());
        }
        assertThat(outcomes.values().stream().filter(o -> o.startsWith("PATCHED")).count()).isEqualTo(996);
    }

    @Test
    void aManifestNameEndingInASpaceNamesThatFileExactly(@TempDir Path dir) throws Exception {
        // given: "x.fhdr " and "x.fhdr" side by side; the manifest lists only the one with the space
        List<Path> generated = FhdrTree.generate(dir.resolve("gen"), 2, 10);
        Path withSpace = Files.move(generated.get(0), dir.resolve("x.fhdr "));
        Path without = Files.move(generated.get(1), dir.resolve("x.fhdr"));
        FhdrExpectations spaced = new FhdrExpectations(List.of(withSpace));
        FhdrExpectations plain = new FhdrExpectations(List.of(without));
        Path manifest = Files.write(dir.resolve("list.txt"), ("x.fhdr \n" + "missing.fhdr\r\n").getBytes(StandardCharsets.UTF_8));

        // when
        ExecutionSummary summary;
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            summary = service.launch(LaunchRequest.builder(fhdr(),
                    new ScanRequest(List.of(), manifest, List.of(), List.of(), null, null, false)).runId("space").build());
            long timestamp = db.jdbc().queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?",
                    Long.class, summary.jobInstanceId());

            // then
            spaced.assertAllPatched(timestamp);
        }
        plain.assertAllUnchanged();
        Map<String, String> outcomes = outcomes(summary.jobInstanceId());
        assertThat(outcomes).containsOnlyKeys(withSpace.toString(), dir.resolve("missing.fhdr").toString());
        assertThat(outcomes.get(withSpace.toString())).isEqualTo("PATCHED");
        assertThat(outcomes.get(dir.resolve("missing.fhdr").toString())).isEqualTo("GONE no such file at scan time");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aFileHardLinkedFromOutsideTheRootIsNeverWrittenByLaunchVerifyOrRollback(Mode mode, @TempDir Path dir) throws Exception {
        // given: 200 files under the root, one of them a hard link to a valid file outside it
        Path root = Files.createDirectory(dir.resolve("root"));
        List<Path> files = new java.util.ArrayList<>(FhdrTree.generate(root, 200, 9));
        Path outside = Files.createDirectory(dir.resolve("outside")).resolve("outside.bin");
        Files.move(files.get(0), outside);
        Files.createLink(files.get(0), outside);
        byte[] outsideBytes = Files.readAllBytes(outside);
        FhdrExpectations rest = new FhdrExpectations(files.subList(1, files.size()));

        // when
        ExecutionSummary summary;
        Map<CheckOutcome, Long> verified;
        Map<CheckOutcome, Long> rolledBack;
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            summary = service.launch(LaunchRequest.builder(fhdr(), scan(mode, dir, root, files)).partitions(2).threads(2)
                    .runId("hard-link-" + mode).build());
            verified = service.verify(summary.executionId(), (done, problems) -> { });
            assertThat(Files.readAllBytes(outside)).isEqualTo(outsideBytes);
            rolledBack = service.rollback(summary.executionId(), WriteOptions.defaults(), (done, problems) -> { });
        }

        // then: the outside file's bytes never changed; the link is NOT_REGULAR with its link count, in the report too
        assertThat(Files.readAllBytes(outside)).isEqualTo(outsideBytes);
        assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(outcomes(summary.jobInstanceId())).containsEntry(files.get(0).toString(), "NOT_REGULAR 2 hard links");
        assertThat(db.jdbc().queryForList("SELECT outcome || ' ' || reason FROM hp_failed_file_report WHERE path = ?",
                String.class, files.get(0).toString())).containsExactly("NOT_REGULAR 2 hard links");
        assertThat(verified).containsEntry(CheckOutcome.MATCHES, 199L);
        assertThat(rolledBack).containsEntry(CheckOutcome.ROLLED_BACK, 199L);
        rest.assertAllUnchanged();
    }

    @ParameterizedTest(name = "oneFilesystem={0}")
    @ValueSource(booleans = {true, false})
    void aMountBelowTheRootAfterTheScanIsNotCrossedUnderOneFilesystem(boolean oneFilesystem, @TempDir Path dir) throws Exception {
        // given: after the first chunk is journaled, a tmpfs holding look-alikes (same names, sizes, mtimes) is mounted
        // on d00001, and d00002 is bound onto itself (the same files, through another mount)
        Path root = Files.createDirectory(dir.resolve("root"));
        List<Path> files = FhdrTree.generate(root, 3_000, 11);
        FhdrExpectations inRoot = new FhdrExpectations(files);
        copyTree(root.resolve("d00001"), dir.resolve("copy/d00001"));
        Deque<Path> mounted = new ConcurrentLinkedDeque<>();
        AtomicBoolean mountedAfterScan = new AtomicBoolean();
        ChunkHook mountAfterFirstJournal = new ChunkHook() {
            @Override
            public void afterJournal(String partition, List<PlannedFile> chunk) {
                if (mountedAfterScan.compareAndSet(false, true)) {
                    mount(mounted, root.resolve("d00001"), "-t", "tmpfs", "-o", "size=16m", "tmpfs");
                    copyTreeUnchecked(dir.resolve("copy/d00001"), root.resolve("d00001"));
                    mount(mounted, root.resolve("d00002"), "--bind", root.resolve("d00002").toString());
                }
            }
        };

        try {
            // when
            ExecutionSummary summary;
            try (PatchJobService service = new PatchJobService(db.dataSource(), mountAfterFirstJournal, PatchJobSettings.local())) {
                summary = service.launch(LaunchRequest.builder(fhdr(),
                                new ScanRequest(List.of(root), null, List.of(), List.of(), null, null, oneFilesystem))
                        .partitions(1).threads(1).chunk(500).runId("mount-" + oneFilesystem).build());
            }

            // then: the look-alikes on the tmpfs are never written; the bound folder only without --one-filesystem
            assertThat(mountedAfterScan).isTrue();
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(list(root.resolve("d00001"))).hasSize(1_000).allSatisfy(lookAlike -> assertThat(Files.readAllBytes(lookAlike))
                    .isEqualTo(Files.readAllBytes(dir.resolve("copy").resolve(root.relativize(lookAlike)))));
            Map<String, String> outcomes = outcomes(summary.jobInstanceId());
            for (Path file : files) {
                String folder = file.getParent().getFileName().toString();
                String expected = folder.equals("d00000") ? "PATCHED"
                        : oneFilesystem ? "CHANGED_SINCE_SCAN on another file system (mount point at " + folder + ")"
                        : folder.equals("d00001") ? "CHANGED_SINCE_SCAN file replaced" : "PATCHED";
                assertThat(outcomes.get(file.toString())).as("%s", file).startsWith(expected);
                if (oneFilesystem && folder.equals("d00002")) {
                    assertThat(Files.readAllBytes(file)).as("%s", file).isEqualTo(inRoot.original(file));
                }
            }
        } finally {
            unmountAll(mounted);
        }
    }

    enum AfterPatch {
        /** A copy of the patched file (a new inode, the same bytes) renamed over it. */
        REPLACED_BY_A_COPY,
        /** A second name for the patched file, outside the root. */
        LINKED_FROM_OUTSIDE
    }

    @ParameterizedTest
    @EnumSource(AfterPatch.class)
    void rollbackWritesOnlyTheFileItWroteWhileItHasOneName(AfterPatch change, @TempDir Path dir) throws Exception {
        // given: a completed run over 50 files, then one patched file replaced by a copy of itself or given a second name
        Path root = Files.createDirectory(dir.resolve("root"));
        List<Path> files = FhdrTree.generate(root, 50, 10);
        Path changed = files.get(0);
        FhdrExpectations others = new FhdrExpectations(files.subList(1, files.size()));
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            ExecutionSummary summary = service.launch(LaunchRequest.builder(fhdr(), roots(root)).partitions(2).threads(2)
                    .runId("after-patch-" + change).build());
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            long written = inode(changed);
            if (change == AfterPatch.REPLACED_BY_A_COPY) {
                Files.move(Files.copy(changed, dir.resolve("copy.fhdr")), changed, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.createLink(dir.resolve("second-name.fhdr"), changed);
            }
            byte[] bytes = Files.readAllBytes(changed);

            // when
            Map<CheckOutcome, Long> rolledBack = service.rollback(summary.executionId(), WriteOptions.defaults(), (done, problems) -> { });

            // then: that file is a CONFLICT saying what differs, its bytes as they were; the others are restored
            assertThat(rolledBack).containsEntry(CheckOutcome.ROLLED_BACK, 49L).containsEntry(CheckOutcome.CONFLICT, 1L);
            assertThat(Files.readAllBytes(changed)).isEqualTo(bytes);
            others.assertAllUnchanged();
            assertThat(rollbackReason(summary, changed))
                    .startsWith(change == AfterPatch.REPLACED_BY_A_COPY
                            ? "inode " + inode(changed) + " is not the written inode " + written : "2 hard links")
                    .contains(": rollback writes only the file it wrote, with one name actual=");
        }
    }

    @Test
    void verifyAndRollbackOfAOneFilesystemRunDoNotCrossAMountPoint(@TempDir Path dir) throws Exception {
        // given: a completed --one-filesystem run, then its patched folder bound onto itself
        Path root = Files.createDirectory(dir.resolve("root"));
        List<Path> files = FhdrTree.generate(root, 1_000, 12);
        FhdrExpectations originals = new FhdrExpectations(files);
        Deque<Path> mounted = new ConcurrentLinkedDeque<>();
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            ExecutionSummary summary = service.launch(LaunchRequest.builder(fhdr(),
                    new ScanRequest(List.of(root), null, List.of(), List.of(), null, null, true)).runId("mount-check").build());
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);
            long timestamp = db.jdbc().queryForObject("SELECT job_timestamp FROM hp_manifest WHERE job_instance_id = ?",
                    Long.class, summary.jobInstanceId());
            try {
                mount(mounted, root.resolve("d00000"), "--bind", root.resolve("d00000").toString());

                // when
                Map<CheckOutcome, Long> verified = service.verify(summary.executionId(), (done, problems) -> { });
                Map<CheckOutcome, Long> rolledBack = service.rollback(summary.executionId(), WriteOptions.defaults(), (done, problems) -> { });

                // then: nothing was read or restored through the mount point
                assertThat(verified).containsOnly(Map.entry(CheckOutcome.UNREADABLE, 1_000L));
                assertThat(rolledBack).containsOnly(Map.entry(CheckOutcome.UNREADABLE, 1_000L));
                originals.assertAllPatched(timestamp);
                assertThat(db.jdbc().queryForList("SELECT DISTINCT reason FROM hp_check WHERE check_kind = 'ROLLBACK'"
                        + " AND manifest_id = (SELECT manifest_id FROM hp_manifest WHERE job_instance_id = ?)", String.class,
                        summary.jobInstanceId()))
                        .allSatisfy(reason -> assertThat(reason).contains("on another file system (mount point at d00000)"));
            } finally {
                unmountAll(mounted);
            }

            // and once the mount is gone, rollback restores them
            assertThat(service.rollback(summary.executionId(), WriteOptions.defaults(), (done, problems) -> { }))
                    .containsEntry(CheckOutcome.ROLLED_BACK, 1_000L);
            originals.assertAllUnchanged();
        }
    }

    @Test
    void aJournalRowWithoutTheWrittenIdentityIsRolledBackByItsContentAsBeforeIt(@TempDir Path dir) throws Exception {
        // given: a completed run whose journal rows lack the written device and inode (as rows journaled before V13),
        // then a patched file replaced by a copy of itself
        Path root = Files.createDirectory(dir.resolve("root"));
        List<Path> files = FhdrTree.generate(root, 20, 11);
        FhdrExpectations originals = new FhdrExpectations(files);
        try (PatchJobService service = new PatchJobService(db.dataSource())) {
            ExecutionSummary summary = service.launch(LaunchRequest.builder(fhdr(), roots(root)).runId("old-rows").build());
            db.jdbc().update("UPDATE hp_journal SET device = NULL, inode = NULL WHERE manifest_id = "
                    + "(SELECT manifest_id FROM hp_manifest WHERE job_instance_id = ?)", summary.jobInstanceId());
            Files.move(Files.copy(files.get(0), dir.resolve("copy.fhdr")), files.get(0), StandardCopyOption.REPLACE_EXISTING);

            // when
            Map<CheckOutcome, Long> rolledBack = service.rollback(summary.executionId(), WriteOptions.defaults(), (done, problems) -> { });

            // then: judged by its content and link count, as before the identity was journaled
            assertThat(rolledBack).containsEntry(CheckOutcome.ROLLED_BACK, 20L);
            originals.assertAllUnchanged();
        }
    }

    private static long inode(Path file) throws IOException {
        return (Long) Files.getAttribute(file, "unix:ino");
    }

    private static String rollbackReason(ExecutionSummary summary, Path file) {
        return db.jdbc().queryForObject("""
                SELECT c.reason FROM hp_check c JOIN hp_file f USING (file_id) JOIN hp_manifest m ON m.manifest_id = c.manifest_id
                WHERE m.job_instance_id = ? AND c.check_kind = 'ROLLBACK' AND f.path = ?""",
                String.class, summary.jobInstanceId(), file.toString());
    }

    private static ScanRequest scan(Mode mode, Path dir, Path root, List<Path> files) throws IOException {
        if (mode == Mode.WALK) {
            return roots(root);
        }
        Path manifest = Files.write(dir.resolve("manifest.txt"),
                files.stream().map(Path::toString).collect(Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.UTF_8));
        return new ScanRequest(mode == Mode.MANIFEST_WITH_ROOT ? List.of(root) : List.of(), manifest,
                List.of(), List.of(), null, null, false);
    }

    private static ScanRequest roots(Path root) {
        return new ScanRequest(List.of(root), null, List.of(), List.of(), null, null, false);
    }

    private static HeaderSpec fhdr() throws Exception {
        return HeaderSpec.resolve("fhdr-v1.3", Map.of());
    }

    /** path → "OUTCOME reason" of every file of the instance. */
    private static Map<String, String> outcomes(long instanceId) {
        Map<String, String> outcomes = new HashMap<>();
        new org.springframework.jdbc.core.JdbcTemplate(db.dataSource()).query("""
                SELECT f.path, o.outcome, o.reason FROM hp_file f JOIN hp_outcome o USING (file_id)
                JOIN hp_manifest m ON m.manifest_id = f.manifest_id WHERE m.job_instance_id = ?""",
                rs -> {
                    outcomes.put(rs.getString(1), rs.getString(2) + (rs.getString(3) == null ? "" : " " + rs.getString(3)));
                }, instanceId);
        return outcomes;
    }

    /** Copies every file with its mtime: same names, sizes and mtimes. */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path file : list(from)) {
            Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Renames {@code folder} to {@code away} and puts a link to {@code target} in its place. */
    private static void swapForLink(Path folder, Path away, Path target) {
        try {
            Files.move(folder, away);
            Files.createSymbolicLink(folder, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code mount ... at} (needs root, as headpatch runs: fails rather than skips without it). */
    private static void mount(Deque<Path> mounted, Path at, String... how) {
        List<String> command = new java.util.ArrayList<>(List.of("mount"));
        command.addAll(List.of(how));
        command.add(at.toString());
        run(command);
        mounted.push(at);
    }

    private static void unmountAll(Deque<Path> mounted) {
        while (!mounted.isEmpty()) {
            run(List.of("umount", mounted.pop().toString()));
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            assertThat(process.waitFor()).as("%s (needs root)", String.join(" ", command)).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTreeUnchecked(Path from, Path to) {
        try {
            copyTree(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkfifoOver(Path file) {
        try {
            Files.delete(file);
            Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
            assertThat(mkfifo.waitFor()).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Another file, same size and mtime, renamed over {@code file}; returns its content. */
    private static byte[] renameOver(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            Path other = file.resolveSibling(file.getFileName() + ".new");
            Files.write(other, content);
            Files.setLastModifiedTime(other, Files.getLastModifiedTime(file));
            Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
