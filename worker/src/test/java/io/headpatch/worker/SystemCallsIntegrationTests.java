package io.headpatch.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.headpatch.worker.support.ProcessRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The system calls the engine makes per patched file in the default mode (mmap, batch sync), as {@code strace -f -y}
 * sees a child JVM patch a tree: every call naming the tree or one of its files' descriptors. The floor, open + pwrite
 * + fdatasync + close, is 4; the budget is 12: the confined open ({@code openat2}), one statx, one pread, the
 * mapping, the header's lock and unlock around the last checks and the write (two {@code fcntl}: a writer paused
 * past its lease keeps the others out rather than overwriting them), the check before the write (O_PATH open,
 * statx, close), the statx after it, the sync and the close. The
 * JVM's own calls (class loading, threads waiting on each other, JDK 17's gettid) name no file of the tree; the one
 * {@code munmap} per 512 files names none either. Kept on the root's file system ({@code --one-filesystem}), the same
 * calls: {@code RESOLVE_NO_XDEV} is one more flag of the same {@code openat2}.
 */
class SystemCallsIntegrationTests {

    private static final int FILES = 2_000;
    private static final double BUDGET = 12;
    private static final Pattern FILE_NAME = Pattern.compile("\"f\\d{4}\\.gz\"");

    @TempDir
    Path tree;

    @TempDir
    Path work;

    @ParameterizedTest(name = "oneFilesystem={0}")
    @ValueSource(booleans = {false, true})
    void aPatchedFileCostsAtMostTwelveSystemCalls(boolean oneFilesystem) throws Exception {
        // given: gzip files whose MTIME field is set, so that every one is PATCHED
        for (int i = 0; i < FILES; i++) {
            Files.write(tree.resolve("f%04d".formatted(i)), new byte[300 + i % 200]);
        }
        run(tree, "sh", "-c", "gzip f*");
        Path trace = work.resolve("trace");

        // when
        List<String> command = new java.util.ArrayList<>(PatchChild.command(tree, "strace", "-f", "-qq", "-y", "-o", trace.toString()));
        if (oneFilesystem) {
            command.add(PatchChild.ONE_FILESYSTEM);
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();

        // then
        assertThat(output.lines().filter(line -> line.equals("PATCHED")).count()).as(output).isEqualTo(FILES);
        Map<String, Long> calls = new TreeMap<>();
        try (Stream<String> lines = Files.lines(trace)) {
            // A call naming one file: its descriptor (-y prints "7</tree/f0001.gz>") or its name below the root's
            // descriptor; the root's own calls (the listing, its open for the batch) are not per file. A call interrupted
            // by another thread's is printed twice: "<unfinished ...>", then "<... name resumed>".
            lines.filter(line -> (line.contains(tree + "/") || FILE_NAME.matcher(line).find()) && !line.contains(" resumed>"))
                    .map(line -> line.replaceFirst("^\\d+\\s+", ""))
                    .forEach(line -> calls.merge(line.substring(0, line.indexOf('(')), 1L, Long::sum));
        }
        double perFile = calls.values().stream().mapToLong(Long::longValue).sum() / (double) FILES;
        assertThat(perFile).as("system calls per file: %s", calls).isLessThanOrEqualTo(BUDGET);
        assertThat(calls.getOrDefault("openat2", 0L)).as("each file opened below its root in one call (Linux 5.6+)")
                .isGreaterThanOrEqualTo(FILES);
        run(tree, "sh", "-c", "gzip -t f*");
    }
}
