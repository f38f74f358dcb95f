package io.headpatch.worker.io;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each sync mode asks of the kernel, seen by strace on a child JVM: a sync that does nothing
 * would pass a test that reads the files back (the page cache serves them), not this one.
 */
class SyncCallsIntegrationTests {

    private static final int FILES = 20;
    /**
     * A sync call on a descriptor, with the path strace -y shows for it: {@code fdatasync(7</dir/f3>) = 0}, or
     * {@code fdatasync(7</dir/f3> <unfinished ...>} when calls of several threads overlap.
     */
    private static final Pattern SYNC = Pattern.compile("(fdatasync|fsync|syncfs)\\(\\d+<([^>]*)>");
    /** A sync call on a descriptor (not syncfs(-1), the probe of whether syncfs exists) that failed, on its line or resumed on another. */
    private static final Pattern FAILED_SYNC = Pattern.compile("((fdatasync|fsync|syncfs)\\(\\d|(fdatasync|fsync|syncfs) resumed>).*= -1 ");

    @TempDir
    Path dir;

    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({"MMAP, BATCH", "PWRITE, BATCH", "MMAP, EACH", "PWRITE, EACH", "MMAP, SYNCFS", "PWRITE, SYNCFS", "MMAP, NONE",
            "PWRITE, NONE"})
    void eachSyncModeMakesItsCallsOnTheWrittenFiles(IoMode ioMode, SyncMode syncMode) throws Exception {
        // given
        for (int i = 0; i < FILES; i++) {
            Files.write(dir.resolve("f%02d".formatted(i)), new byte[1_000 + i]);
        }
        Path trace = work.resolve("trace");

        // when
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-y", "-e", "trace=fdatasync,fsync,syncfs",
                "-o", trace.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(System.getProperty("headpatch.jvmFlags", "").trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SyncChild.class.getName(),
                dir.toString(), ioMode.name(), syncMode.name()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();

        // then
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("WRITTEN " + FILES);
        Set<String> fileSyncs = new TreeSet<>();
        int filesystemSyncs = 0;
        String calls = Files.readString(trace);
        assertThat(FAILED_SYNC.matcher(calls).find()).as("a sync call failed:%n%s", calls).isFalse();
        Matcher matcher = SYNC.matcher(calls);
        while (matcher.find()) {
            if (!matcher.group(2).startsWith(dir.toString())) {
                continue;
            }
            if (matcher.group(1).equals("syncfs")) {
                filesystemSyncs++;
            } else {
                fileSyncs.add(matcher.group(2));
            }
        }
        switch (syncMode) {
            case BATCH, EACH -> assertThat(fileSyncs).as("every written file synced").hasSize(FILES);
            case SYNCFS -> assertThat(filesystemSyncs).as("one syncfs for the filesystem of the files").isEqualTo(1);
            case NONE -> assertThat(fileSyncs.size() + filesystemSyncs).as("no sync").isZero();
        }
    }
}
