package io.headpatch.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.headpatch.worker.support.ProcessRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each file is opened once, whether it is patched or already done, as strace sees a child JVM patch a tree twice. The
 * check before the write resolves the path again with {@code O_PATH}, which opens nothing: not counted.
 */
class OneOpenIntegrationTests {

    private static final int FILES = 30;
    /**
     * An open of a file of the tree, by name below its folder's descriptor, not {@code O_PATH}:
     * {@code openat2(5</dir>, "f07.gz", {flags=O_RDWR|...}, 24)} or {@code openat(5</dir>, "f07.gz", O_RDWR|...)}.
     */
    private static final Pattern OPEN = Pattern.compile("openat2?\\(\\d+<[^>]*>, \"(f\\d+\\.gz)\", (?![^)]*O_PATH)");

    @TempDir
    Path dir;

    @TempDir
    Path work;

    @Test
    void eachFileIsOpenedOncePatchedAndOnceAlreadyDone() throws Exception {
        // given
        for (int i = 0; i < FILES; i++) {
            Files.write(dir.resolve("f%02d".formatted(i)), new byte[500 + i * 7]);
        }
        run(dir, "sh", "-c", "gzip f*");

        // when
        Map<String, Integer> first = opensOfAPatch("first");
        Map<String, Integer> second = opensOfAPatch("second");

        // then
        assertThat(first).hasSize(FILES).allSatisfy((name, opens) -> assertThat(opens).as(name).isOne());
        assertThat(second).hasSize(FILES).allSatisfy((name, opens) -> assertThat(opens).as(name).isOne());
    }

    private Map<String, Integer> opensOfAPatch(String run) throws Exception {
        Path trace = work.resolve(run);
        List<String> command = PatchChild.command(dir, "strace", "-f", "-qq", "-y", "-e", "trace=open,openat,openat2",
                "-o", trace.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(line -> line.matches("[A-Z_]+")).distinct().toList()).as(output).containsExactly(run.equals("first") ? "PATCHED" : "ALREADY_DONE");
        Map<String, Integer> opens = new TreeMap<>();
        Matcher matcher = OPEN.matcher(Files.readString(trace));
        while (matcher.find()) {
            opens.merge(matcher.group(1), 1, Integer::sum);
        }
        return opens;
    }
}
