package io.headpatch.worker;

import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.plan.FilePlan;
import io.headpatch.worker.plan.Outcome;
import io.headpatch.worker.plan.PatchPlanner;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.tools.ToolProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.headpatch.worker.support.ProcessRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Real formats made by real tools, patched, then checked by real readers. */
class RealFormatsTest {

    private static List<FilePlan> patch(HeaderSpec spec, Path... files) {
        try (HeaderPatcher patcher = new HeaderPatcher(new PatchPlanner(spec, 1_700_000_000_000L), WriteOptions.builder().build())) {
            return patcher.patch(List.of(files));
        }
    }

    /** Length unchanged, and every byte outside the spec's written ranges unchanged. */
    private static void assertOnlyWrittenRangesChanged(HeaderSpec spec, byte[] before, Path file) throws Exception {
        byte[] after = Files.readAllBytes(file);
        assertThat(after.length).as("length of %s", file).isEqualTo(before.length);
        boolean[] writable = new boolean[before.length];
        for (int[] range : spec.writtenRanges()) {
            for (int i = range[0]; i < range[1]; i++) {
                writable[i] = true;
            }
        }
        for (int i = 0; i < before.length; i++) {
            if (!writable[i]) {
                assertThat(after[i]).as("byte %d of %s", i, file).isEqualTo(before[i]);
            }
        }
    }

    @Test
    void gzipMtimeIsZeroedAndTheArchiveStillTestsAndDecompressesIdentically(@TempDir Path dir) throws Exception {
        // given: one archive with a stored name, one without (from stdin), both with an MTIME
        byte[] content = new byte[50_000];
        new Random(1).nextBytes(content);
        Path plain = Files.write(dir.resolve("data.bin"), content);
        run(dir, "gzip", "-k", plain.toString());
        Path named = dir.resolve("data.bin.gz");
        Path unnamed = dir.resolve("stdin.gz");
        run(dir, "sh", "-c", "gzip -c < data.bin > stdin.gz");
        byte[] namedBefore = Files.readAllBytes(named);
        byte[] unnamedBefore = Files.readAllBytes(unnamed);
        assertThat(ByteBuffer.wrap(namedBefore).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isNotZero();
        HeaderSpec spec = HeaderSpec.resolve("gzip-mtime", Map.of());

        // when
        List<FilePlan> plans = patch(spec, named, unnamed);

        // then
        assertThat(plans).extracting(FilePlan::outcome).containsOnly(Outcome.PATCHED);
        for (Path gz : List.of(named, unnamed)) {
            assertThat(ByteBuffer.wrap(Files.readAllBytes(gz)).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isZero();
            run(dir, "gzip", "-t", gz.toString());
            assertThat(run(dir, "gzip", "-dc", gz.toString()).stdout()).isEqualTo(content);
        }
        assertOnlyWrittenRangesChanged(spec, namedBefore, named);
        assertOnlyWrittenRangesChanged(spec, unnamedBefore, unnamed);
    }

    @Test
    void classFileMajorVersionIsSetAndJavapReadsIt(@TempDir Path dir) throws Exception {
        // given: a class compiled by javac for release 17 (major 61)
        Path source = Files.writeString(dir.resolve("Hello.java"), "public class Hello { public static void main(String[] a) { System.out.println(\"hi\"); } }");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", dir.toString(), source.toString());
        assertThat(rc).isZero();
        Path classFile = dir.resolve("Hello.class");
        byte[] before = Files.readAllBytes(classFile);
        assertThat(run(dir, "javap", "-v", classFile.toString()).text()).contains("major version: 61");
        HeaderSpec spec = HeaderSpec.resolve("class-version", Map.of("major", "55"));

        // when
        List<FilePlan> plans = patch(spec, classFile);

        // then
        assertThat(plans.get(0).outcome()).isEqualTo(Outcome.PATCHED);
        assertThat(run(dir, "javap", "-v", classFile.toString()).text()).contains("major version: 55");
        assertOnlyWrittenRangesChanged(spec, before, classFile);
    }

    @Test
    void wavRiffSizeIsRepairedAndAudioSystemReadsTheRecording(@TempDir Path dir) throws Exception {
        // given: a WAV written by the JDK's audio writer, then given a wrong RIFF size
        AudioFormat format = new AudioFormat(8_000f, 16, 1, true, false);
        byte[] samples = new byte[16_000];
        new Random(2).nextBytes(samples);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(samples), format, samples.length / 2),
                AudioFileFormat.Type.WAVE, wav);
        Path file = Files.write(dir.resolve("rec.wav"), wav.toByteArray());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(4);
            raf.write(new byte[] {0x10, 0, 0, 0}); // truncated recording: RIFF size 16
        }
        byte[] before = Files.readAllBytes(file);
        HeaderSpec spec = HeaderSpec.resolve("wav-riff-size", Map.of());

        // when
        List<FilePlan> plans = patch(spec, file);

        // then
        assertThat(plans.get(0).outcome()).isEqualTo(Outcome.PATCHED);
        assertThat(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo((int) Files.size(file) - 8);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            assertThat(in.getFrameLength()).isEqualTo(samples.length / 2);
            assertThat(in.readAllBytes()).isEqualTo(samples);
        }
        assertOnlyWrittenRangesChanged(spec, before, file);
    }

    /** The coreutils binary, not the shell builtin of the same name. */
    private static Path systemProgram(String name) {
        return java.util.stream.Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + name)).filter(Files::isRegularFile)
                .findFirst().orElseThrow(() -> new AssertionError("no system program " + name));
    }

    @Test
    void elfOsAbiIsSetOnCopiesOfSystemProgramsAndReadelfShowsIt(@TempDir Path dir) throws Exception {
        // given
        Path trueCopy = Files.copy(systemProgram("true"), dir.resolve("true"));
        Path echoCopy = Files.copy(systemProgram("echo"), dir.resolve("echo"));
        byte[] trueBefore = Files.readAllBytes(trueCopy);
        byte[] echoBefore = Files.readAllBytes(echoCopy);
        assertThat(run(dir, "readelf", "-h", trueCopy.toString()).text()).contains("UNIX - System V");
        HeaderSpec spec = HeaderSpec.resolve("elf-osabi", Map.of("osabi", "3"));

        // when
        List<FilePlan> plans = patch(spec, trueCopy, echoCopy);

        // then
        assertThat(plans).extracting(FilePlan::outcome).containsOnly(Outcome.PATCHED);
        assertThat(run(dir, "readelf", "-h", trueCopy.toString()).text()).contains("UNIX - GNU");
        assertThat(run(dir, "readelf", "-h", echoCopy.toString()).text()).contains("UNIX - GNU");
        assertOnlyWrittenRangesChanged(spec, trueBefore, trueCopy);
        assertOnlyWrittenRangesChanged(spec, echoBefore, echoCopy);
    }
}
