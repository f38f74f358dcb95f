package io.headpatch.ops;

import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.worker.io.PathText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * headpatch under {@code LANG=C}, as cron and systemd run it, through the {@code ./headpatch} launcher and through
 * {@code java -jar} directly: a file whose name is UTF-8 but not ASCII and one whose name is not UTF-8 at all (Latin-1)
 * are both patched, reported as their exact bytes, and taken back from that report as a manifest. The names are made
 * by the shell from octal escapes, so the test does not depend on its own JVM's locale.
 */
class LocaleIntegrationTests {

    private static final Path LAUNCHER = Path.of(System.getProperty("headpatch.jar")).toAbsolutePath()
            .getParent().getParent().getParent().resolve("headpatch");
    private static final List<String> JVM_FLAGS = Arrays.asList(System.getProperty("headpatch.jvmFlags").trim().split("\\s+"));

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    Path home;

    @TempDir
    Path files;

    enum Way { LAUNCHER, JAR }

    @ParameterizedTest
    @EnumSource(Way.class)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void underLangCNamesThatAreNotAsciiOrNotUtf8ArePatchedReportedAndRetriedByTheirBytes(Way way) throws Exception {
        // given café.fhdr (UTF-8 c3 a9) and caf\351.fhdr (Latin-1, not UTF-8), named by the shell
        List<Path> generated = FhdrFiles.generate(home.resolve("generated"), 2, 51);
        List<byte[]> before = List.of(Files.readAllBytes(generated.get(0)), Files.readAllBytes(generated.get(1)));
        shell("mv \"$1\" \"$(printf '%s/caf\\303\\251.fhdr' \"$3\")\" && mv \"$2\" \"$(printf '%s/caf\\351.fhdr' \"$3\")\"",
                generated.get(0).toString(), generated.get(1).toString(), files.toString());
        byte[] utf8 = name(new byte[] {(byte) 0xc3, (byte) 0xa9});
        byte[] latin1 = name(new byte[] {(byte) 0xe9});

        // when
        Run launch = run(way, "launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--format", "json");
        long execution = Long.parseLong(launch.text().replaceAll("(?s).*\"executionId\" : (\\d+).*", "$1"));
        Run report = run(way, "report", Long.toString(execution), "--files", "all", "--format", "paths", "-0");

        // then both are patched, bodies untouched, and the report gives back each name's bytes
        assertThat(launch.exitCode()).as(launch.toString()).isEqualTo(ExitCodes.OK);
        assertThat(launch.text()).containsPattern("\"PATCHED\" : 2\\b");
        List<byte[]> names = List.of(utf8, latin1);
        for (int i = 0; i < names.size(); i++) {
            byte[] patched = Files.readAllBytes(PathText.path(names.get(i)));
            byte[] original = before.get(i);
            assertThat(Arrays.copyOfRange(patched, 62, 64)).containsExactly(1, 3);
            assertThat(Arrays.copyOfRange(patched, 64, patched.length)).isEqualTo(Arrays.copyOfRange(original, 64, original.length));
        }
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(split(report.out())).containsExactlyInAnyOrder(utf8, latin1);

        // when the report is given back as a manifest
        Path manifest = home.resolve("retry.paths");
        Files.write(manifest, report.out());
        Run retry = run(way, "launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--manifest", manifest.toString(),
                "--run-id", "retry", "--format", "json");

        // then it reaches the same two files, already done
        assertThat(retry.exitCode()).as(retry.toString()).isEqualTo(ExitCodes.OK);
        assertThat(retry.text()).containsPattern("\"ALREADY_DONE\" : 2\\b");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void underLangCTheJarRefusesAnArgumentItCannotReadInsteadOfGuessingIt() throws Exception {
        // given a root named café, passed by the shell as its bytes to java -jar under LANG=C
        List<String> command = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" \"$(printf '%s/caf\\303\\251' \"$TARGET\")\"", "sh"));
        command.addAll(jar("--db", database.url(), "--db-user", database.user(), "launch", "--spec", "fhdr-v1.3", "--root"));
        ProcessBuilder builder = cLocale(new ProcessBuilder(command));
        builder.environment().put("TARGET", files.toString());

        // when
        Run launch = run(builder);

        // then
        assertThat(launch.exitCode()).as(launch.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(new String(launch.err(), StandardCharsets.UTF_8)).contains("is not valid in this locale's encoding",
                "LC_ALL=C.UTF-8").doesNotContain("Exception");
    }

    private byte[] name(byte[] accent) {
        return concat((files + "/caf").getBytes(StandardCharsets.US_ASCII), accent, ".fhdr".getBytes(StandardCharsets.US_ASCII));
    }

    private Run run(Way way, String... args) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("--db", database.url(), "--db-user", database.user()));
        options.addAll(List.of(args));
        List<String> command = new ArrayList<>();
        if (way == Way.LAUNCHER) {
            command.add(LAUNCHER.toString());
            command.addAll(options);
        } else {
            command.addAll(jar(options.toArray(String[]::new)));
        }
        return run(cLocale(new ProcessBuilder(command)));
    }

    private static List<String> jar(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(System.getProperty("headpatch.jar"));
        command.addAll(List.of(args));
        return command;
    }

    private ProcessBuilder cLocale(ProcessBuilder builder) {
        builder.environment().remove("LC_ALL");
        builder.environment().remove("LC_CTYPE");
        builder.environment().put("LANG", "C");
        builder.environment().put("HEADPATCH_HOME", home.toString());
        return builder;
    }

    private Run run(ProcessBuilder builder) throws IOException, InterruptedException {
        Path out = home.resolve("out-" + System.nanoTime());
        Path err = home.resolve("err-" + System.nanoTime());
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(4, TimeUnit.MINUTES)).as(String.join(" ", builder.command())).isTrue();
        return new Run(process.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
    }

    private static void shell(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(script).isZero();
    }

    private static List<byte[]> split(byte[] bytes) {
        List<byte[]> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                names.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        assertThat(start).as("every name NUL-terminated").isEqualTo(bytes.length);
        return names;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private record Run(int exitCode, byte[] out, byte[] err) {

        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + text() + "--- err\n" + new String(err, StandardCharsets.UTF_8);
        }
    }
}
