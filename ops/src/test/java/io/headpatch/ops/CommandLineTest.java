package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.Cli;
import io.headpatch.ops.support.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands and mistakes that need no database: each mistake is one line and its exit code. */
class CommandLineTest {

    private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/x";

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        // given
        Cli cli = Cli.withHome(home);

        // when
        Result result = cli.run("--help");

        // then
        assertThat(result.exitCode()).isZero();
        for (String command : List.of("launch", "status", "restart", "stop", "abandon", "report", "verify", "rollback",
                "specs", "schedule", "demo", "db", "worker", "ui", "prune", "completion")) {
            assertThat(result.out()).as("command %s listed with its description", command)
                    .containsPattern("(?m)^ +" + command + " {2,}[A-Z]");
        }
        assertThat(result.out()).containsPattern("(?m)^Exit codes:$")
                .containsPattern("(?m)^ +4 +database unreachable or refused");
        assertThat(result.out().replaceAll("\\s+", " ")).contains(
                " 5 the job COMPLETED but some files were not done as asked: IO_ERROR, GONE or CHANGED_SINCE_SCAN",
                " 130 stopped by Ctrl-C at a chunk boundary", " 143 stopped by SIGTERM at a chunk boundary");
    }

    @Test
    void launchHelpListsTheExitCodesToo() {
        // when
        Result result = Cli.withHome(home).run("launch", "--help");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().replaceAll("\\s+", " ")).contains("Exit codes:", "CHANGED_SINCE_SCAN", "stopped by SIGTERM");
    }

    @Test
    void versionComesFromTheBuildWithItsCommit() {
        // when
        Result result = Cli.withHome(home).run("--version");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("headpatch " + System.getProperty("headpatch.version")).containsPattern("commit [0-9a-f]{7,}");
    }

    @Test
    void completionPrintsABashScriptOfEveryCommandAndOption() {
        // when
        Result result = Cli.withHome(home).run("completion");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("complete -F", "launch", "prune", "--metrics-bind", "--older-than");
        // each option offers its own values: --io and --sync do not share one list; --spec offers the built-in names
        assertThat(result.out()).containsPattern("IO_MODE_option_args=\\([^)]*(?i:mmap)")
                .containsPattern("SYNC_MODE_option_args=\\([^)]*(?i:none)")
                .containsPattern("option_args=\\([^)]*fhdr-v1\\.3");
    }

    @Test
    void theConfigurationFileGivesDefaultsTheEnvironmentAndOptionsOverride() throws IOException {
        // given
        Files.writeString(home.resolve("config.properties"), "db=jdbc:postgresql://127.0.0.1:1/fromfile\n"
                + "headpatch.launch.partitions=3\n");
        Path other = Files.writeString(files.resolve("other.properties"), "db=jdbc:postgresql://127.0.0.1:1/fromother\n");

        // when
        Result fromFile = Cli.withHome(home).run("status");
        Result fromEnvironment = Cli.withEnvironment(home, Map.of(CliEnvironment.DB_URL,
                "jdbc:postgresql://127.0.0.1:1/fromenv")).run("status");
        Result fromOption = Cli.withEnvironment(home, Map.of(CliEnvironment.DB_URL,
                "jdbc:postgresql://127.0.0.1:1/fromenv")).run("--db", "jdbc:postgresql://127.0.0.1:1/fromoption", "status");
        Result fromOtherFile = Cli.withHome(home).run("--config", other.toString(), "status");
        Result launchHelp = Cli.withHome(home).run("launch", "--help");

        // then
        assertOneLineError(fromFile, ExitCodes.DATABASE, "127.0.0.1:1/fromfile");
        assertOneLineError(fromEnvironment, ExitCodes.DATABASE, "127.0.0.1:1/fromenv");
        assertOneLineError(fromOption, ExitCodes.DATABASE, "127.0.0.1:1/fromoption");
        assertOneLineError(fromOtherFile, ExitCodes.DATABASE, "127.0.0.1:1/fromother");
        assertThat(launchHelp.out()).contains("partitions of the file list (default: 3)");
    }

    @Test
    void aMissingConfigurationFileIsAUsageError() {
        // when
        Result result = Cli.withHome(home).run("--config", files.resolve("missing.properties").toString(), "status");

        // then
        assertOneLineError(result, ExitCodes.USAGE, "missing.properties: no such file");
    }

    @Test
    void aBadAgeToPruneIsAUsageError() {
        // when
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "prune", "--older-than", "soon");

        // then
        assertOneLineError(result, ExitCodes.USAGE, "--older-than=soon is not an age such as 30d");
    }

    @Test
    void specsListsTheBuiltInTemplates() {
        // given
        Cli cli = Cli.withHome(home);

        // when
        Result result = cli.run("specs");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("fhdr-v1.3", "gzip-mtime", "elf-osabi", "wav-riff-size", "class-version");
    }

    @Test
    void specsPrintsTheYamlOfOne() {
        // given
        Cli cli = Cli.withHome(home);

        // when
        Result result = cli.run("specs", "fhdr-v1.3");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("name: fhdr-v1.3", "headerLength: 64", "crc32c", "done:",
                "{ offset: 62, type: u16be, value: 0x0103 }");
    }

    @Test
    void anUnknownTemplateIsAUsageError() {
        // when
        Result result = Cli.withHome(home).run("specs", "no-such-template");

        // then
        assertOneLineError(result, ExitCodes.USAGE, "no built-in template named no-such-template");
    }

    @Test
    void anUnknownSpecIsAUsageError() {
        // when
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "launch", "--spec", "no-such-spec", "--root", files.toString());

        // then
        assertOneLineError(result, ExitCodes.USAGE, "unknown spec no-such-spec");
    }

    @Test
    void aCommandLetsItsLogFileGoWhenItEnds() throws IOException {
        // given
        Path log = home.resolve("run.log");

        // when a launch that logs to its file ends, and this process logs on
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "launch", "--spec", "no-such-spec", "--root", files.toString(),
                "--log-file", log.toString());
        LoggerFactory.getLogger(CommandLineTest.class).warn("after the command");

        // then the file was the launch's, and the process's later lines are not in it
        assertOneLineError(result, ExitCodes.USAGE, "unknown spec no-such-spec");
        assertThat(log).exists();
        assertThat(Files.readString(log)).doesNotContain("after the command");
    }

    @Test
    void aSpecFileWithBadYamlIsAUsageError() throws IOException {
        // given
        Path spec = Files.writeString(files.resolve("bad.yaml"), "name: broken\nheaderLength: [64\n");

        // when
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "launch", "--spec", spec.toString(), "--root", files.toString());

        // then
        assertOneLineError(result, ExitCodes.USAGE, "bad.yaml");
    }

    @Test
    void aSpecFileWithAnEmptyDoneIsAUsageErrorNamingLineAndField() throws IOException {
        // given
        Path spec = Files.writeString(files.resolve("done.yaml"),
                "name: t\nheaderLength: 8\ndone: []\nset:\n  - { offset: 0, type: u8, value: 1 }\n");

        // when
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "launch", "--spec", spec.toString(), "--root", files.toString());

        // then
        assertOneLineError(result, ExitCodes.USAGE, "done.yaml line 3: done: an empty list would call every file done");
    }

    @Test
    void aMissingRootIsAUsageError() {
        // when
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "launch", "--spec", "fhdr-v1.3",
                "--root", files.resolve("missing").toString());

        // then
        assertOneLineError(result, ExitCodes.USAGE, "root does not exist");
    }

    @Test
    void aRootThatIsAFileIsAUsageError() throws IOException {
        // given
        Path file = Files.writeString(files.resolve("plain.txt"), "not a folder");

        // when
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "launch", "--spec", "fhdr-v1.3", "--root", file.toString());

        // then
        assertOneLineError(result, ExitCodes.USAGE, "root is not a folder");
    }

    @Test
    void aSetWithoutEqualsIsAUsageError() {
        // when
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "launch", "--spec", "fhdr-v1.3", "--set", "major",
                "--root", files.toString());

        // then
        assertOneLineError(result, ExitCodes.USAGE, "--set");
    }

    @Test
    void aBadCronIsAUsageError() {
        // when
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "schedule", "--cron", "61 * * * *", "launch",
                "--spec", "fhdr-v1.3", "--root", files.toString());

        // then
        assertOneLineError(result, ExitCodes.USAGE, "bad cron expression '61 * * * *'");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        // when
        Result result = Cli.withHome(home).run("launch", "--root", files.toString());

        // then
        assertOneLineError(result, ExitCodes.USAGE, "--spec");
    }

    @Test
    void anUnreachableDatabaseExitsWithFour() {
        // given
        FhdrFiles.generate(files, 3, 1);

        // when
        Result result = Cli.withHome(home).run("--db", UNREACHABLE, "launch", "--spec", "fhdr-v1.3", "--root", files.toString());

        // then
        assertOneLineError(result, ExitCodes.DATABASE, "cannot connect to the database jdbc:postgresql://127.0.0.1:1/x");
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresIsAUsageError() {
        // when
        Result result = Cli.withHome(home).run("--db", "jdbc:mysql://localhost/x", "status");

        // then
        assertOneLineError(result, ExitCodes.USAGE, "PostgreSQL JDBC URL");
    }

    @Test
    void dbStatusAndStopWithADatabaseUrlAreUsageErrors() {
        // when
        Result status = Cli.withHome(home).run("--db", UNREACHABLE, "db", "status");
        Result stop = Cli.withHome(home).run("--db", UNREACHABLE, "db", "stop");

        // then
        assertOneLineError(status, ExitCodes.USAGE, "db status is for the embedded database; it does not apply with --db");
        assertOneLineError(stop, ExitCodes.USAGE, "db stop is for the embedded database; it does not apply with --db");
    }

    @Test
    void verboseShowsTheStackTrace() {
        // when
        Result result = Cli.withHome(home).run("--verbose", "--db", UNREACHABLE, "status");

        // then
        assertThat(result.exitCode()).isEqualTo(ExitCodes.DATABASE);
        assertThat(result.err()).contains("DatabaseUnavailableException", "\tat ");
    }

    @Test
    void bareHeadpatchPrintsAShortUsage() {
        // when
        Result result = Cli.withHome(home).run();

        // then
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).as(result.toString()).hasSizeLessThanOrEqualTo(3);
        assertThat(result.err()).contains("Usage: headpatch", "launch", "'headpatch --help'");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void typosGetPicocliSuggestions() {
        // when
        Result command = Cli.withHome(home).run("lauch");
        Result option = Cli.withHome(home).run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--thread", "4");

        // then
        assertOneLineError(command, ExitCodes.USAGE, "did you mean launch?");
        assertOneLineError(option, ExitCodes.USAGE, "did you mean --threads?");
    }

    @Test
    void failingCommandsNameNoJavaClass() {
        // given
        Cli cli = Cli.withHome(home);
        List<Result> failures = List.of(
                cli.run("--db", UNREACHABLE, "status", "1"),
                cli.run("--db", UNREACHABLE, "restart", "1"),
                cli.run("--db", UNREACHABLE, "stop", "1"),
                cli.run("--db", UNREACHABLE, "report", "1"),
                cli.run("--db", UNREACHABLE, "launch", "--spec", "fhdr-v1.3", "--root", files.toString()),
                cli.run("launch", "--spec", "no-such-spec", "--root", files.toString()),
                cli.run("launch", "--spec", "fhdr-v1.3", "--root", files.resolve("missing").toString()),
                cli.run("status", "not-a-number"),
                cli.run("lauch"));

        // then
        assertThat(failures).allSatisfy(result -> {
            assertThat(result.exitCode()).as(result.toString()).isNotZero();
            assertThat(result.out() + result.err()).as(result.toString())
                    .doesNotContainPattern("\\b[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*")
                    .doesNotContainPattern("\\w+\\$\\w+");
        });
    }

    private static void assertOneLineError(Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.errLines()).as(result.toString()).hasSize(1);
        assertThat(result.errLines().get(0)).contains(message).doesNotContain("Exception");
        assertThat(result.out()).isEmpty();
    }
}
