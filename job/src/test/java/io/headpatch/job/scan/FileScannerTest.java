package io.headpatch.job.scan;

import io.headpatch.job.ScanInputException;
import io.headpatch.job.ScanRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileScannerTest {

    private static List<ScannedEntry> scan(ScanRequest request) throws Exception {
        List<ScannedEntry> entries = new ArrayList<>();
        new FileScanner(request).scan(entries::add);
        return entries;
    }

    @Test
    void aLinkToAFolderIsListedAsALinkAndNeverWalked(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
        // given
        Files.writeString(elsewhere.resolve("secret"), "x");
        Files.createSymbolicLink(dir.resolve("linked"), elsewhere);
        Files.writeString(dir.resolve("a"), "a");

        // when
        List<ScannedEntry> entries = scan(new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false));

        // then
        assertThat(entries).extracting(ScannedEntry::path, ScannedEntry::kind)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(dir.resolve("a").toString(), FileKind.REGULAR),
                        org.assertj.core.groups.Tuple.tuple(dir.resolve("linked").toString(), FileKind.SYMBOLIC_LINK));
    }

    @Test
    void globsWithASlashMatchTheRelativePath(@TempDir Path dir) throws Exception {
        // given
        Files.createDirectories(dir.resolve("cache/x"));
        Files.writeString(dir.resolve("cache/x/a.gz"), "a");
        Files.writeString(dir.resolve("b.gz"), "b");

        // when
        List<ScannedEntry> entries = scan(new ScanRequest(List.of(dir), null, List.of("cache/**"), List.of(), null, null, false));

        // then
        assertThat(entries).extracting(ScannedEntry::path).containsExactly(dir.resolve("cache/x/a.gz").toString());
    }

    @Test
    void aManifestPathReachingOutThroughALinkedFolderIsRefused(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
        // given: root/escape -> elsewhere, and the manifest names root/escape/f
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("escape"), elsewhere);
        Files.writeString(elsewhere.resolve("f"), "f");
        Path manifest = Files.writeString(dir.resolve("list"), root.resolve("escape/f") + "\n");

        // when / then
        assertThatThrownBy(() -> scan(new ScanRequest(List.of(root), manifest, List.of(), List.of(), null, null, false)))
                .isInstanceOf(ScanInputException.class)
                .hasMessage("manifest path is outside the given roots: " + root.resolve("escape/f"));
    }

    @Test
    void badRequestsAreRefusedWithThePath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> new ScanRequest(List.of(dir.resolve("nope")), null, List.of(), List.of(), null, null, false).validate())
                .hasMessage("root does not exist: " + dir.resolve("nope"));
        assertThatThrownBy(() -> new ScanRequest(List.of(file), null, List.of(), List.of(), null, null, false).validate())
                .hasMessage("root is not a folder: " + file);
        assertThatThrownBy(() -> new ScanRequest(List.of(), dir.resolve("missing.txt"), List.of(), List.of(), null, null, false).validate())
                .hasMessage("manifest file cannot be read: " + dir.resolve("missing.txt"));
        assertThatThrownBy(() -> new ScanRequest(List.of(dir), null, List.of(), List.of(), 10L, 5L, false).validate())
                .hasMessage("size range is empty: min=10 max=5");
    }
}
