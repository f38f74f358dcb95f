package io.headpatch.ops;

import io.headpatch.job.Databases;
import io.headpatch.job.support.PostgresServer;
import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.Cli.Result;
import io.headpatch.ops.support.JarProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job repository's PostgreSQL crashes mid-launch (stopped immediate, as a power cut of the database host would)
 * and comes back: the launch ends by itself, FAILED, saying how to resume, with no stack trace and no Java name
 * on stderr (a one-line warning at most per event), and the resume completes every file. The server is a private one of the product's binaries.
 */
class DatabaseOutageIntegrationTests {

    private static final int FILES = 4_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The progress bar, one line per refresh where stderr is no terminal. */
    private static final Pattern PROGRESS = Pattern.compile("patch: [\\d,]+/[\\d,]+ files .*");
    /**
     * A warning or error as the console logs it without --verbose (time, level, thread, message; no logger, no trace),
     * or the launch's own error line with the command that resumes.
     */
    private static final Pattern ONE_LINE = Pattern.compile(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN |ERROR) \\[[^]]+] .+|launch: .+; .*resume it with: headpatch .*restart \\d+");

    @TempDir
    Path home;

    @TempDir
    Path files;

    private PostgresServer server;
    private Process launch;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (launch != null) {
            launch.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aLaunchWhoseDatabaseCrashesEndsWithOneLineAndItsRestartCompletesEveryFile() throws Exception {
        // given: a launch running on a private server
        server = PostgresServer.start(Map.of());
        String url = server.url("postgres");
        FhdrFiles.generate(files, FILES, 7);
        JarProcess headpatch = new JarProcess(home, url, "postgres");
        Path err = home.resolve("launch.err");
        Path log = home.resolve("launch.log");
        try (var pool = Databases.open(url, "postgres", "", 2)) {
            Databases.migrate(pool);
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            launch = headpatch.start(home.resolve("launch.out"), err, "--log-file", log.toString(), "launch", "--spec",
                    "fhdr-v1.3", "--root", files.toString(), "--partitions", "8", "--threads", "2", "--chunk", "50",
                    "--sync", "each");
            await("the launch decided 500 files").atMost(3, TimeUnit.MINUTES).pollInterval(50, TimeUnit.MILLISECONDS)
                    .failFast("the launch ended before the outage", () -> !launch.isAlive())
                    .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome", Long.class), decided -> decided >= 500);
        }

        // when: the server crashes, and starts again once the launch has met the outage
        server.stopImmediately();
        await("the launch met the outage").atMost(2, TimeUnit.MINUTES)
                .until(() -> !launch.isAlive() || read(log).contains("refused"));
        server.start();
        assertThat(launch.waitFor(5, TimeUnit.MINUTES)).as("the launch ends by itself").isTrue();
        String stderr = read(err);
        String stdout = read(home.resolve("launch.out"));
        List<String> messages = stderr.lines().filter(line -> !PROGRESS.matcher(line).matches()).toList();

        // then: the run says it failed and how to resume, with no trace and no Java name on stderr
        assertThat(launch.exitValue()).as(stderr).isEqualTo(ExitCodes.FAILED);
        assertThat(stdout + stderr).as(stdout + stderr).containsPattern("(continue +|resume it with: )headpatch .*restart \\d+");
        assertThat(messages).as(stderr).allSatisfy(line -> assertThat(line)
                .matches(ONE_LINE)
                .doesNotContainPattern("\\b[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*")
                .doesNotContainPattern("\\w+\\$\\w+"));

        // when
        long execution;
        try (var pool = Databases.open(url, "postgres", "", 1)) {
            execution = new JdbcTemplate(pool).queryForObject("SELECT MAX(job_execution_id) FROM batch_job_execution", Long.class);
        }
        Result restart = headpatch.run("restart", Long.toString(execution), "--format", "json");
        Result verify = headpatch.run("verify", Long.toString(execution));

        // then: every file at its target
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        JsonNode restarted = JSON.readTree(restart.out());
        assertThat(restarted.get("status").asString()).isEqualTo("COMPLETED");
        JsonNode counts = restarted.get("files");
        assertThat(counts.get("total").asLong()).isEqualTo(FILES);
        assertThat(counts.get("PATCHED").asLong() + counts.get("ALREADY_DONE").asLong() + counts.get("REPAIRED").asLong())
                .isEqualTo(FILES);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).doesNotContain("MISMATCH");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
