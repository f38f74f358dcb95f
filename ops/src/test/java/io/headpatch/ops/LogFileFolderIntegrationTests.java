package io.headpatch.ops;

import io.headpatch.ops.support.Cli;
import io.headpatch.ops.support.Cli.Result;
import io.headpatch.ops.support.OtherUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --log-file} where another local user could change what the path leads to: refused before a byte is written. */
class LogFileFolderIntegrationTests {

    private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/x";

    @TempDir
    Path dir;

    @TempDir
    Path home;

    @Test
    void aLogFileInAStickyFolderEveryoneCanWriteIsRefusedAndAnotherUsersLinkThereIsNotFollowed() throws Exception {
        // given: a folder with /tmp's mode, where another user put a link named as the log to a file of ours
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = Files.createDirectory(dir.resolve("shared"));
        chmod("1777", shared);
        Path ours = Files.writeString(dir.resolve("ours"), "ours\n");
        assertThat(OtherUser.run("ln", "-s", ours.toString(), shared.resolve("run.log").toString()).exitCode()).isZero();

        // when
        Result result = launchLoggingTo(shared.resolve("run.log"));

        // then: one line naming the folder, and our file is as it was
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).as(result.toString()).singleElement().asString()
                .contains("another user could change folder=" + shared.toRealPath(), "mode=1777");
        assertThat(ours).hasContent("ours");
    }

    @Test
    void aFolderOfOursBelowOneItsGroupCanWriteIsRefused() throws Exception {
        // given: our private folder inside a folder its group may write, which a member could swap it out of
        Path group = Files.createDirectory(dir.resolve("group"));
        chmod("775", group);
        Path mine = Files.createDirectory(group.resolve("mine"));
        chmod("700", mine);

        // when
        Result result = launchLoggingTo(mine.resolve("run.log"));

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).as(result.toString()).singleElement().asString()
                .contains("another user could change folder=" + group.toRealPath(), "mode=775");
        assertThat(mine.resolve("run.log")).doesNotExist();
    }

    @Test
    void aPrivateFolderReachedThroughOurOwnLinkIsLoggedToByItsRealPath() throws Exception {
        // given: our private folder, named through a link of ours
        Path mine = Files.createDirectory(dir.resolve("mine"));
        chmod("700", mine);
        Path link = Files.createSymbolicLink(dir.resolve("link"), mine);

        // when: the launch logs, then fails on its spec
        Result result = launchLoggingTo(link.resolve("run.log"));

        // then: the log file was opened where the checked path leads
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).as(result.toString()).singleElement().asString().contains("unknown spec no-such-spec");
        assertThat(mine.resolve("run.log")).exists();
    }

    private Result launchLoggingTo(Path log) {
        return Cli.withHome(home).run("--db", UNREACHABLE, "launch", "--spec", "no-such-spec", "--root", dir.toString(),
                "--log-file", log.toString());
    }

    private static void chmod(String mode, Path path) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("chmod", mode, path.toString()).inheritIO().start().waitFor()).isZero();
    }
}
