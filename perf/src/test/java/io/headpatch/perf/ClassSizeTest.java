package io.headpatch.perf;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small classes with one job each (docs/design.md): no main source file of schema, worker, job or ops is longer
 * than 250 lines. perf's benchmarks are exempt: each is one measurement, read top to bottom.
 */
class ClassSizeTest {

    private static final int MAX_LINES = 250;
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void noMainClassOutsidePerfIsLongerThan250Lines() throws IOException {
        // given
        List<Path> sources;
        try (Stream<Path> modules = Stream.of("schema", "worker", "job", "ops").map(m -> ROOT.resolve(m).resolve("src/main/java"))) {
            sources = modules.filter(Files::isDirectory).flatMap(ClassSizeTest::javaFiles).toList();
        }

        // when
        List<String> tooLong = sources.stream().filter(source -> lines(source) > MAX_LINES)
                .map(source -> "path=" + ROOT.relativize(source) + " lines=" + lines(source)).toList();

        // then
        assertThat(sources).as("main sources found under %s", ROOT).hasSizeGreaterThan(100);
        assertThat(tooLong).isEmpty();
    }

    private static Stream<Path> javaFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path source) {
        try (Stream<String> lines = Files.lines(source)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
