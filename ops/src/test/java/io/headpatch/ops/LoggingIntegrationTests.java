package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli.Result;
import io.headpatch.ops.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Logs of the built jar: a file per run under the home, --log-file, --quiet, and an external logback configuration. */
class LoggingIntegrationTests {

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    void aLaunchLogsToItsOwnFileUnderTheHomeAndQuietPrintsOnlyTheResult() throws Exception {
        // given
        FhdrFiles.generate(files, 20, 61);
        JarProcess headpatch = database.jar(home);

        // when
        Result launch = headpatch.run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--quiet");
        Result status = headpatch.run("status");

        // then
        assertThat(launch.exitCode()).as(launch.toString()).isZero();
        assertThat(launch.out()).contains("COMPLETED", "PATCHED 20");
        assertThat(launch.err()).isEmpty();
        List<Path> logs = logs();
        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log.getFileName().toString()).matches("launch-\\d{8}-\\d{6}-\\d+\\.log");
            assertThat(Files.readString(log)).contains(" INFO ").containsPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) ");
        });
        assertThat(status.exitCode()).isZero();
        assertThat(logs()).as("status writes no log file").hasSize(1);
    }

    @Test
    void logFileNamesWhereTheRunLogs() throws Exception {
        // given
        FhdrFiles.generate(files, 5, 62);
        Path log = home.resolve("chosen.log");

        // when
        Result launch = database.jar(home)
                .run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--log-file", log.toString());

        // then
        assertThat(launch.exitCode()).as(launch.toString()).isZero();
        assertThat(Files.readString(log)).contains(" INFO ");
        assertThat(logs()).isEmpty();
    }

    @Test
    void anExternalLogbackConfigurationIsLeftAsItIs() throws Exception {
        // given
        FhdrFiles.generate(files, 5, 63);
        Path external = home.resolve("external.log");
        Path configuration = Files.writeString(home.resolve("logback.xml"), """
                <configuration>
                  <appender name="F" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>EXTERNAL %%level %%logger - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="DEBUG"><appender-ref ref="F"/></root>
                </configuration>
                """.formatted(external));

        // when
        Result launch = database.jar(home)
                .environment("JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile=" + configuration)
                .run("launch", "--spec", "fhdr-v1.3", "--root", files.toString());

        // then
        assertThat(launch.exitCode()).as(launch.toString()).isZero();
        assertThat(Files.readString(external)).contains("EXTERNAL DEBUG", "EXTERNAL INFO");
        assertThat(logs()).isEmpty();
    }

    private List<Path> logs() throws IOException {
        Path folder = home.resolve("logs");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.toList();
        }
    }
}
