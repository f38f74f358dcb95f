package io.headpatch.worker.io;

import io.headpatch.worker.io.FileAccessException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files are reached from their root one component at a time, no link followed on any of them. */
class ConfinedFileTest {

    @TempDir
    Path dir;

    @Test
    void aFolderSwappedForALinkIsRefusedAndWhatItPointsAtIsUntouched() throws Exception {
        // given: root/a/b/f planned, then root/a/b replaced by a link to a look-alike outside the root
        Path root = Files.createDirectories(dir.resolve("root/a/b")).getParent().getParent();
        PlannedFile planned = PlannedFile.create(root.resolve("a/b"), "f", 900, 64);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        PlannedFile lookAlike = PlannedFile.create(outside, "f", 900, 64);
        Files.move(root.resolve("a/b"), dir.resolve("away"));
        Files.createSymbolicLink(root.resolve("a/b"), outside);
        RootedPath file = RootedPath.under(planned.path(), List.of(root));

        // when / then
        assertThatThrownBy(() -> ConfinedFile.openForReading(file))
                .isInstanceOfSatisfying(FileAccessException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CHANGED))
                .hasMessage("folder a/b is now a symbolic link (not followed)");
        WriteResult result;
        try (HeaderBatchWriter writer = new HeaderBatchWriter(WriteOptions.defaults())) {
            result = writer.writeAll(List.of(new WriteRequest(file, planned.request().header(), 900, null))).get(0);
        }
        assertThat(result.status()).isEqualTo(WriteResult.Status.CHANGED);
        lookAlike.assertUntouched();
    }

    @Test
    void identityComesFromTheOpenDescriptor() throws Exception {
        // given
        PlannedFile planned = PlannedFile.create(dir, "f", 1_234, 64);

        // when
        FileIdentity identity;
        try (ConfinedFile file = ConfinedFile.openForReading(RootedPath.of(planned.path()))) {
            identity = file.identity();
            assertThat(file.read(64)).isEqualTo(java.util.Arrays.copyOf(planned.original(), 64));
        }

        // then
        assertThat(identity).isEqualTo(FileIdentity.of(planned.path()));
        assertThat(identity.type()).isEqualTo(FileIdentity.Type.REGULAR);
        assertThat(identity.size()).isEqualTo(1_234);
    }

    @Test
    void aMissingFolderOnTheWayIsGone() {
        RootedPath file = RootedPath.under(dir.resolve("nope/f"), List.of(dir));

        assertThatThrownBy(() -> ConfinedFile.openForWriting(file))
                .isInstanceOfSatisfying(FileAccessException.class, e -> assertThat(e.kind()).isEqualTo(Kind.GONE))
                .hasMessage("no such file at nope");
    }

    @Test
    void aPathIsBelowTheDeepestRootHoldingIt() {
        assertThat(RootedPath.under(Path.of("/srv/a/b/c"), List.of(Path.of("/srv"), Path.of("/srv/a"))))
                .isEqualTo(new RootedPath(Path.of("/srv/a"), Path.of("b/c")));
        assertThat(RootedPath.under(Path.of("/elsewhere/x"), List.of(Path.of("/srv"))))
                .isEqualTo(new RootedPath(Path.of("/"), Path.of("elsewhere/x")));
    }
}
