package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A file truncated by someone else while mapped (SIGBUS on the write) is that file's IO_ERROR, nothing more. */
class TruncatedWhileMappedTest {

    @TempDir
    Path dir;

    @Test
    void truncatedFileIsAnIoErrorAndTheRestOfTheBatchIsWritten() throws IOException {
        // given
        List<PlannedFile> files = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            files.add(PlannedFile.create(dir, "f" + i, PlannedFile.randomSize(600, 1800), 64));
        }
        PlannedFile victim = files.get(4);
        MappedHeaderWriter writer = new MappedHeaderWriter(false);
        writer.afterMap(path -> {
            if (path.equals(victim.path())) {
                truncate(path);
            }
        });

        // when
        List<WriteResult> results;
        try (HeaderBatchWriter batch = new HeaderBatchWriter(WriteOptions.defaults(), writer)) {
            results = batch.writeAll(files.stream().map(PlannedFile::request).toList());
        }

        // then
        assertThat(results.get(4).status()).isEqualTo(Status.IO_ERROR);
        assertThat(results.get(4).reason())
                .startsWith("fault writing through the mapping (truncated meanwhile?): ")
                .contains("unsafe memory access");
        assertThat(Files.size(victim.path())).isZero();
        for (int i = 0; i < files.size(); i++) {
            if (i != 4) {
                assertThat(results.get(i).status()).isEqualTo(Status.WRITTEN);
                files.get(i).assertHeaderWritten();
            }
        }
    }

    @Test
    void fileShrunkWithinItsFirstPageIsAnIoError() throws IOException {
        // given: no fault, as the page still exists, but the header may be past the new end
        PlannedFile file = PlannedFile.create(dir, "shrunk", 1200, 64);
        MappedHeaderWriter writer = new MappedHeaderWriter(false);
        writer.afterMap(path -> truncate(path, 10));

        // when
        List<WriteResult> results;
        try (HeaderBatchWriter batch = new HeaderBatchWriter(WriteOptions.defaults(), writer)) {
            results = batch.writeAll(List.of(file.request()));
        }

        // then
        assertThat(results.get(0).status()).isEqualTo(Status.IO_ERROR);
        assertThat(results.get(0).reason()).isEqualTo("size changed while writing: size=10 expected=1200");
        assertThat(Files.size(file.path())).isEqualTo(10);
    }

    @Test
    void faultsStayWithTheirFilesOnceTheWritePathIsCompiled() {
        // when: enough files for C1 and C2 to compile the write path in this JVM
        List<String> mismatches = TruncationProbe.run(dir, 12_000, 7);

        // then
        assertThat(mismatches).isEmpty();
    }

    /**
     * Pinned to one execution mode each: interpreter, C1, C2 (-Xbatch compiles as soon as a method is hot). The
     * compiled ones must show that the write path was compiled.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-Xint", "-Xbatch -XX:TieredStopAtLevel=1", "-Xbatch -XX:-TieredCompilation -XX:CompileThreshold=200"})
    void faultsStayWithTheirFilesInEachExecutionMode(String mode) throws Exception {
        // given
        Path files = Files.createDirectory(dir.resolve("files"));
        Path log = dir.resolve("probe.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("headpatch.jvmFlags", "").trim().split("\\s+")));
        command.addAll(Arrays.asList(mode.split(" ")));
        command.add("-XX:+PrintCompilation");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TruncationProbe.class.getName(),
                files.toString(), "3000", "3"));

        // when
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = probe.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            probe.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);

        // then
        assertThat(exited).as("probe exited in time; output:%n%s", output).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output).contains(TruncationProbe.CLEAN);
        String writeCompiled = MappedHeaderWriter.class.getName() + "::write";
        if (mode.equals("-Xint")) {
            assertThat(output).doesNotContain(writeCompiled);
        } else {
            assertThat(output).contains(writeCompiled);
        }
    }

    private static void truncate(Path path) {
        truncate(path, 0);
    }

    private static void truncate(Path path, long size) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
