package io.headpatch.ops;

import ch.qos.logback.core.util.FileSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingRotationTest {

    private static final Pattern PART = Pattern.compile("run\\.log\\.\\d{4}-\\d{2}-\\d{2}\\.(\\d+)\\.gz");

    private final Logger logger = LoggerFactory.getLogger(LoggingRotationTest.class);
    private final Random random = new Random(42);

    @TempDir
    Path dir;

    @AfterEach
    void noFileLogging() {
        Logging.configure(false, false, null);
    }

    @Test
    void theLogFileRollsOverAtItsSizeAndItsOldestPartsAreRemoved() throws IOException, InterruptedException {
        // given a log file of 1 KB parts, 8 KB in all
        Path log = logFileOf1KBParts("8KB");

        // when 60 KB that gzip cannot shrink much is logged
        for (int i = 0; i < 300; i++) {
            logger.info("line {} {}", i, noise(100));
        }
        Logging.configure(false, true, null); // stops the appender and waits for every compression

        // then the file rolled over into numbered parts, and the oldest went
        List<Integer> parts = parts();
        assertThat(log).exists();
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts.get(0)).as("the first part was removed").isPositive();
        assertThat(parts.get(parts.size() - 1)).as("more parts were made than are kept").isGreaterThanOrEqualTo(parts.size());

        // and the parts kept are within the cap, applied once more when the file was let go, every part compressed
        assertPartsCompleteAndWithin(FileSize.valueOf("8KB"));
    }

    @Test
    void aLargePartStillBeingCompressedWhenTheFileIsLetGoIsCappedOnceItIsDone() throws IOException, InterruptedException {
        // given a log file of 1 KB parts, 1 MB in all
        logFileOf1KBParts("1MB");

        // when an 8 MB line, whose part takes gzip far longer than a small one, is followed by small parts, and the
        // file is let go at once
        logger.info("large {}", noise(4 << 20));
        for (int i = 0; i < 20; i++) {
            logger.info("small {} {}", i, noise(500));
        }
        Logging.configure(false, true, null);

        // then the large part, over the cap on its own once compressed, was removed with every older one, and the
        // parts kept are within the cap
        assertPartsCompleteAndWithin(FileSize.valueOf("1MB"));
        assertThat(parts()).as("the large part 0 went, the small ones after it stayed").doesNotContain(0).hasSizeGreaterThan(5);
    }

    private Path logFileOf1KBParts(String totalSizeCap) {
        Path log = dir.resolve("run.log");
        Logging.configure(false, true, log, new Logging.Rotation(FileSize.valueOf("1KB"), 30, FileSize.valueOf(totalSizeCap)));
        return log;
    }

    /** Twice as many hex digits as {@code bytes}, which gzip cannot shrink much. */
    private String noise(int bytes) {
        byte[] noise = new byte[bytes];
        random.nextBytes(noise);
        return HexFormat.of().formatHex(noise);
    }

    /** Nothing but the file and its parts is left (no compression under way), each part a whole gzip file. */
    private void assertPartsCompleteAndWithin(FileSize cap) throws IOException, InterruptedException {
        List<Path> kept;
        try (Stream<Path> files = Files.list(dir)) {
            kept = files.filter(file -> !file.getFileName().toString().equals("run.log")).toList();
        }
        assertThat(kept).allMatch(file -> PART.matcher(file.getFileName().toString()).matches());
        List<String> gzipTest = new ArrayList<>(List.of("gzip", "-t"));
        kept.forEach(file -> gzipTest.add(file.toString()));
        assertThat(new ProcessBuilder(gzipTest).inheritIO().start().waitFor()).as("gzip -t of every part").isZero();
        assertThat(kept.stream().mapToLong(file -> file.toFile().length()).sum())
                .as("parts %s", kept.stream().map(file -> file.getFileName() + "=" + file.toFile().length()).toList())
                .isLessThanOrEqualTo(cap.getSize());
    }

    private List<Integer> parts() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> PART.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .map(matcher -> Integer.parseInt(matcher.group(1))).sorted(Comparator.naturalOrder()).toList();
        }
    }
}
