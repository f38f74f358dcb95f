package io.headpatch.ops;

import io.headpatch.ops.support.OpsTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release archive as an operator gets it: unpacked into an empty folder and run from there with a PATH
 * that has no Maven and no source tree nearby; and the image definition copies only what the archive holds.
 */
class ReleaseArchiveIntegrationTests {

    private static final Path ARCHIVE = Path.of(System.getProperty("headpatch.releaseArchive"));
    private static final Path DOCKERFILE = Path.of("../deploy/Dockerfile");
    /** The tools bin/headpatch and lib/jvm-flags.bash call; nothing else is on the PATH. */
    private static final List<String> TOOLS = List.of("bash", "readlink", "dirname", "sed", "head", "locale");
    private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(.+)$");

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    static Path unpacked;

    @TempDir
    static Path tools;

    static Path installation;

    @BeforeAll
    static void unpack() throws Exception {
        // tar keeps the modes (bin/headpatch executable), as an operator's unpacking does
        assertThat(run(new ProcessBuilder("tar", "xzf", ARCHIVE.toString(), "-C", unpacked.toString())).exitValue())
                .isZero();
        for (String tool : TOOLS) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of(which(tool)));
        }
        String folder = ARCHIVE.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
        installation = unpacked.resolve(folder);
    }

    @Test
    void theArchiveHoldsTheLauncherTheJarTheUnitsTheCompletionAndTheDocs() {
        // then
        for (String file : List.of("bin/headpatch", "lib/headpatch.jar", "lib/jvm-flags.bash",
                "lib/headpatch-completion.bash", "lib/systemd/headpatch-worker@.service", "lib/systemd/headpatch-ui.service",
                "lib/systemd/headpatch-schedule@.service", "lib/systemd/headpatch-nightly.timer", "README.md",
                "CHANGELOG.md", "docs/deployment.md")) {
            assertThat(installation.resolve(file)).as("file=%s in archive=%s", file, ARCHIVE).exists();
        }
        assertThat(installation.resolve("bin/headpatch")).isExecutable();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void versionRunsFromTheUnpackedFolderWithoutMaven(@TempDir Path home) throws Exception {
        // when
        Process version = run(installed(home, "--version"));

        // then
        String out = output(home);
        assertThat(version.exitValue()).as(out).isZero();
        assertThat(out).contains("headpatch " + System.getProperty("headpatch.version")).doesNotContain("building");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aSmallDemoLaunchRunsFromTheUnpackedFolderWithoutMaven(@TempDir Path home) throws Exception {
        // given
        ProcessBuilder demo = installed(home, "demo", "--files", "200", "--dir", home.resolve("files").toString());
        demo.environment().put("HEADPATCH_DB_URL", database.url());
        demo.environment().put("HEADPATCH_DB_USER", database.user());

        // when
        Process process = run(demo);

        // then
        String out = output(home);
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("COMPLETED").containsPattern("outcomes +PATCHED 200\\n");
    }

    @Test
    void everyFileTheDockerfileCopiesIsInTheArchive() throws IOException {
        // given
        List<String> sources = new ArrayList<>();
        Matcher copy = COPY.matcher(Files.readString(DOCKERFILE));
        while (copy.find()) {
            List<String> words = Arrays.asList(copy.group(1).strip().split("\\s+"));
            sources.addAll(words.subList(0, words.size() - 1));
        }

        // then
        assertThat(sources).isNotEmpty().allSatisfy(source -> assertThat(installation.resolve(source))
                .as("COPY source=%s of %s in archive=%s", source, DOCKERFILE, ARCHIVE).exists());
    }

    /** bin/headpatch with only {@link #TOOLS} on the PATH, JAVA_HOME this JVM's, in an empty HOME and folder. */
    private static ProcessBuilder installed(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(installation.resolve("bin/headpatch").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("headpatch.out").toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", tools.toString());
        environment.put("HOME", home.toString());
        environment.put("HEADPATCH_HOME", home.resolve(".headpatch").toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    private static Process run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        process.waitFor();
        return process;
    }

    private static String output(Path home) throws IOException {
        return Files.readString(home.resolve("headpatch.out"));
    }

    private static String which(String tool) {
        for (String folder : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(folder, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("tool=" + tool + " is not on PATH=" + System.getenv("PATH"));
    }
}
