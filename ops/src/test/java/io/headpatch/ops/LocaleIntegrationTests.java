package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.job.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./headpatch} launcher under {@code LANG=C}, as cron and systemd run it: a file whose
 * name is UTF-8 but not ASCII is patched and reported with its exact bytes, and one whose name is
 * not UTF-8 at all is reported as not done and left untouched. The names are made by the shell from
 * octal escapes, so the test does not depend on its own JVM's locale.
 */
class LocaleIntegrationTests {

    private static final Path LAUNCHER = Path.of(System.getProperty("headpatch.jar")).toAbsolutePath()
            .getParent().getParent().getParent().resolve("headpatch");

    @RegisterExtension
    static final TestDatabase database = TestDatabase.perClass();

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void underLangCTheLauncherPatchesUtf8NamesAndReportsTheirBytes() throws Exception {
        // given café.fhdr (UTF-8 c3 a9) and caf\351.fhdr (Latin-1, not UTF-8), named by the shell
        List<Path> generated = FhdrFiles.generate(home.resolve("generated"), 2, 51);
        shell("mv \"$1\" \"$(printf '%s/caf\\303\\251.fhdr' \"$3\")\" && mv \"$2\" \"$(printf '%s/caf\\351.fhdr' \"$3\")\"",
                generated.get(0).toString(), generated.get(1).toString(), files.toString());
        Path utf8 = entry(true);
        Path latin1 = entry(false);
        byte[] latin1Before = Files.readAllBytes(latin1);
        Path paths = home.resolve("paths.txt");

        // when
        Run launch = launcher("launch", "--spec", "fhdr-v1.3", "--root", files.toString(), "--format", "json");
        long execution = Long.parseLong(launch.out().replaceAll("(?s).*\"executionId\" : (\\d+).*", "$1"));
        Run report = launcher("report", Long.toString(execution), "--files", "all", "--format", "paths", "-o", paths.toString());

        // then the UTF-8 name is patched, the other is not done and untouched
        assertThat(launch.exitCode()).as(launch.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(launch.out()).containsPattern("\"PATCHED\" : 1\\b");
        assertThat(Arrays.copyOfRange(Files.readAllBytes(utf8), 62, 64)).containsExactly(1, 3);
        assertThat(Files.readAllBytes(latin1)).isEqualTo(latin1Before);
        assertThat(report.exitCode()).as(report.toString()).isZero();
        byte[] expected = (files + "/caf").getBytes(StandardCharsets.UTF_8);
        assertThat(lines(Files.readAllBytes(paths))).anySatisfy(line -> assertThat(line)
                .isEqualTo(concat(expected, new byte[] {(byte) 0xc3, (byte) 0xa9}, ".fhdr".getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * The listed entry (its path keeps the name's bytes) of the UTF-8 name, or of the other: this JVM
     * decodes café as "café" under UTF-8 and as two replacement characters under ASCII, the
     * Latin-1 name as one replacement character either way.
     */
    private Path entry(boolean utf8Name) throws IOException {
        try (Stream<Path> list = Files.list(files)) {
            return list.filter(path -> {
                String name = path.getFileName().toString();
                return utf8Name == (name.equals("café.fhdr") || name.length() == "caf??.fhdr".length());
            }).findFirst().orElseThrow(() -> new AssertionError("no " + (utf8Name ? "UTF-8" : "Latin-1") + " name in " + files));
        }
    }

    private Run launcher(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "--db", database.url(), "--db-user", database.user()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("LC_ALL");
        builder.environment().remove("LC_CTYPE");
        builder.environment().put("LANG", "C");
        builder.environment().put("HEADPATCH_HOME", home.toString());
        Path out = home.resolve("out-" + System.nanoTime());
        Path err = home.resolve("err-" + System.nanoTime());
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(4, TimeUnit.MINUTES)).as("headpatch " + String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }

    private static void shell(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(script).isZero();
    }

    private static List<byte[]> lines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        return lines;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
