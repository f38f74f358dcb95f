package io.headpatch.ops;

import io.headpatch.ops.support.OtherUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The log parts' size cap in a folder other local users can write to: it removes this user's parts only. */
class LogPartsIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void anotherUsersFileOrALinkNamedLikeAPartIsNeitherCountedNorRemoved() throws IOException, InterruptedException {
        // given: a log under a sticky folder everyone can write to (/tmp's mode), three parts of ours of 1,000 bytes,
        // and, named as newer parts, another user's file and a link to a large file of ours
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(new ProcessBuilder("chmod", "1777", shared.toString()).inheritIO().start().waitFor()).isZero();
        Path log = Files.writeString(shared.resolve("run.log"), "current\n");
        for (int part = 1; part <= 3; part++) {
            Files.write(shared.resolve("run.log.2026-12-06." + part + ".gz"), new byte[1_000]);
        }
        Path foreign = shared.resolve("run.log.2026-12-06.8.gz");
        assertThat(OtherUser.run("dd", "if=/dev/zero", "of=" + foreign, "bs=1000", "count=1", "status=none").exitCode()).isZero();
        Path large = Files.write(dir.resolve("large"), new byte[50_000]);
        Path link = Files.createSymbolicLink(shared.resolve("run.log.2026-12-06.9.gz"), large);

        // when: a cap that holds two of our parts
        new LogParts(log, 2_500).capTotalSize();

        // then: our oldest part went; the other user's file, the link and its target are as they were
        assertThat(shared.resolve("run.log.2026-12-06.1.gz")).doesNotExist();
        assertThat(shared.resolve("run.log.2026-12-06.2.gz")).hasSize(1_000);
        assertThat(shared.resolve("run.log.2026-12-06.3.gz")).hasSize(1_000);
        assertThat(foreign).hasSize(1_000);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(large).hasSize(50_000);
        assertThat(log).hasContent("current");
    }
}
