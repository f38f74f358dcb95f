package io.headpatch.ops.ui;

import io.headpatch.job.ScanRequest;
import io.headpatch.ops.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleScopeTest {

    @TempDir
    Path work;

    @Test
    void aLaunchRootMustLieInsideARootAfterDotsAndLinksAreResolved() throws Exception {
        // given
        Path a = Files.createDirectories(work.resolve("a/tree"));
        Path b = Files.createDirectories(work.resolve("b"));
        Files.createSymbolicLink(a.resolve("to-b"), b);
        ConsoleScope scope = ConsoleScope.of(List.of(work.resolve("a")), null);

        // when / then
        assertThatCode(() -> scope.checkLaunchRoots(List.of(a.toString(), work + "/a/tree/../tree"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> scope.checkLaunchRoots(List.of(a + "/../../b"))).isInstanceOf(ConsoleRefusal.class)
                .hasMessageContaining("is outside this console's roots");
        assertThatThrownBy(() -> scope.checkLaunchRoots(List.of(a.resolve("to-b").toString()))).isInstanceOf(ConsoleRefusal.class);
        assertThatThrownBy(() -> scope.checkLaunchRoots(List.of(a.resolve("to-b/not-yet").toString())))
                .isInstanceOf(ConsoleRefusal.class);
        assertThatThrownBy(() -> scope.checkLaunchRoots(List.of("/etc"))).isInstanceOf(ConsoleRefusal.class);
        assertThatThrownBy(() -> scope.checkLaunchRoots(List.of("a/tree"))).isInstanceOf(ConsoleRefusal.class)
                .hasMessage("root=a/tree is not an absolute path");
        assertThatThrownBy(() -> scope.checkLaunchRoots(List.of(work + "/a-sibling"))).isInstanceOf(ConsoleRefusal.class);
    }

    @Test
    void aRootGivenAsALinkMeansItsTargetAndWithoutRootsNothingIsLaunched() throws Exception {
        // given
        Path target = Files.createDirectories(work.resolve("target"));
        Path link = Files.createSymbolicLink(work.resolve("link"), target);

        // when
        ConsoleScope scope = ConsoleScope.of(List.of(link), null);
        ConsoleScope none = ConsoleScope.of(List.of(), null);

        // then
        assertThat(scope.rootNames()).containsExactly(target.toRealPath().toString());
        assertThatCode(() -> scope.checkLaunchRoots(List.of(target.toString()))).doesNotThrowAnyException();
        assertThatThrownBy(() -> none.checkLaunchRoots(List.of(target.toString()))).isInstanceOf(ConsoleRefusal.class)
                .hasMessageContaining("started without ui --root");
        assertThat(none.covers(scan(List.of(target), null))).isFalse();
    }

    @Test
    void aRunIsCoveredOnlyWhenAllItsRootsLieInsideAManifestOnlyWithRoots() throws Exception {
        // given
        Path a = Files.createDirectories(work.resolve("a"));
        Path b = Files.createDirectories(work.resolve("b"));
        ConsoleScope scope = ConsoleScope.of(List.of(a), null);

        // when / then
        assertThat(scope.covers(scan(List.of(a.resolve("x")), null))).isTrue();
        assertThat(scope.covers(scan(List.of(a, b), null))).isFalse();
        assertThat(scope.covers(scan(List.of(), a.resolve("paths.txt")))).isFalse();
        assertThat(scope.covers(scan(List.of(a), b.resolve("paths.txt")))).as("its paths are confined to the roots").isTrue();
        assertThat(scope.covers(scan(List.of(b), a.resolve("paths.txt")))).isFalse();
    }

    @Test
    void specFilesComeOnlyFromTheSpecFolderByARelativeName() throws Exception {
        // given
        Path specs = Files.createDirectories(work.resolve("specs"));
        Files.setPosixFilePermissions(specs, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(work.resolve("outside.yaml"), "name: x\n");
        Files.createSymbolicLink(specs.resolve("link.yaml"), work.resolve("outside.yaml"));
        ConsoleScope scope = ConsoleScope.of(List.of(work), specs);
        ConsoleScope withoutFolder = ConsoleScope.of(List.of(work), null);

        // when / then
        assertThat(scope.spec("fhdr-v1.3").name()).isEqualTo("fhdr-v1.3");
        assertThatThrownBy(() -> scope.spec("../outside.yaml")).isInstanceOf(ConsoleRefusal.class)
                .hasMessageContaining("without .. and not as an absolute path");
        assertThatThrownBy(() -> scope.spec(work.resolve("outside.yaml").toString())).isInstanceOf(ConsoleRefusal.class);
        assertThatThrownBy(() -> scope.spec("link.yaml")).isInstanceOf(ConsoleRefusal.class)
                .hasMessageContaining("is no file in the console's --spec-dir");
        assertThatThrownBy(() -> withoutFolder.spec("/etc/shadow")).isInstanceOf(ConsoleRefusal.class)
                .hasMessageContaining("which it was not given");
    }

    @Test
    void aSpecFolderOthersCanWriteIsRefused() throws Exception {
        // given
        Path specs = Files.createDirectories(work.resolve("specs"));
        Files.setPosixFilePermissions(specs, PosixFilePermissions.fromString("rwxrwxrwx"));

        // when / then
        assertThatThrownBy(() -> ConsoleScope.of(List.of(work), specs)).isInstanceOf(UserException.class)
                .hasMessageContaining("--spec-dir=" + specs + " must be owned by")
                .hasMessageContaining("not writable by group or others");
    }

    @Test
    void aSpecErrorNamesItsPositionAndKindButNotTheFilesText() throws Exception {
        // given
        Path specs = Files.createDirectories(work.resolve("specs"));
        Files.setPosixFilePermissions(specs, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(specs.resolve("passwd"), "root:x:0:0:secret-marker:/root:/bin/bash\n");
        Files.writeString(specs.resolve("mapping.yaml"), "secret-marker: 1\n");
        Files.writeString(specs.resolve("broken.yaml"), "a: [secret-marker\n");
        ConsoleScope scope = ConsoleScope.of(List.of(work), specs);

        // when / then
        for (String name : List.of("passwd", "mapping.yaml", "broken.yaml")) {
            assertThatThrownBy(() -> scope.spec(name)).isInstanceOf(UserException.class)
                    .hasMessageStartingWith("spec=" + name + " is not a valid spec")
                    .hasMessageNotContaining("secret-marker").hasMessageNotContaining("root:x");
        }
        assertThatThrownBy(() -> scope.spec("broken.yaml")).hasMessageContaining("line 2, YAML syntax");
    }

    private static ScanRequest scan(List<Path> roots, Path manifest) {
        return new ScanRequest(roots, manifest, List.of(), List.of(), null, null, false);
    }
}
