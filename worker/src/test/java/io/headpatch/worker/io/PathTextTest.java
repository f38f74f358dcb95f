package io.headpatch.worker.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathTextTest {

    @Test
    void aUtf8PathIsItsOwnText() {
        // given
        byte[] bytes = "/srv/data/café/naïve ✓.gz".getBytes(StandardCharsets.UTF_8);

        // when
        String text = PathText.of(bytes);

        // then
        assertThat(text).isEqualTo("/srv/data/café/naïve ✓.gz");
        assertThat(PathText.bytes(text)).isEqualTo(bytes);
    }

    @Test
    void aPathThatIsNotUtf8IsEscapedAndComesBackByteForByte() {
        // given Latin-1 é, a backslash, a lone continuation byte, an overlong '/' and an encoded surrogate
        byte[] bytes = concat("/srv/caf".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xE9},
                "\\x41-".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x80, (byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "é".getBytes(StandardCharsets.UTF_8));

        // when
        String text = PathText.of(bytes);

        // then
        assertThat(text).isEqualTo("//srv/caf\\xE9\\\\x41-\\x80\\xC0\\xAF\\xED\\xA0\\x80é");
        assertThat(PathText.bytes(text)).isEqualTo(bytes);
    }

    @Test
    void randomNamesRoundTripThroughTextAndThroughAPath() {
        Random random = new Random(20261127);
        for (int i = 0; i < 2_000; i++) {
            // given an absolute path of 1 to 4 components of any bytes but NUL and '/'
            ByteArrayOutputStream path = new ByteArrayOutputStream();
            for (int c = random.nextInt(4); c >= 0; c--) {
                path.write('/');
                for (int n = 1 + random.nextInt(12); n > 0; n--) {
                    int b = 1 + random.nextInt(255);
                    path.write(b == '/' ? 'x' : b);
                }
            }
            byte[] bytes = path.toByteArray();

            // when
            String text = PathText.of(bytes);
            Path reached = PathText.path(text);

            // then
            assertThat(PathText.bytes(text)).as(text).isEqualTo(bytes);
            assertThat(PathText.bytes(reached)).as(text).isEqualTo(bytes);
            assertThat(PathText.of(reached)).isEqualTo(text);
        }
    }

    @Test
    void aFileWhoseNameIsNotUtf8IsListedAndOpenedByItsText(@TempDir Path dir) throws Exception {
        // given a file named caf\xE9.gz, made from its bytes
        byte[] name = concat(PathText.bytes(dir), "/caf".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xE9},
                ".gz".getBytes(StandardCharsets.US_ASCII));
        Files.write(PathText.path(name), new byte[] {1, 2, 3});

        // when
        List<Path> listed;
        try (Stream<Path> files = Files.list(dir)) {
            listed = files.toList();
        }
        String text = PathText.of(listed.get(0));

        // then its text names it, and a descriptor opened by that text reads it
        assertThat(listed).hasSize(1);
        assertThat(text).isEqualTo("/" + dir + "/caf\\xE9.gz");
        assertThat(PathText.bytes(listed.get(0).getFileName())).isEqualTo(concat("caf".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xE9}, ".gz".getBytes(StandardCharsets.US_ASCII)));
        try (ConfinedFile file = ConfinedFile.openForReading(RootedPath.under(PathText.path(text), List.of(dir)))) {
            assertThat(file.identity().size()).isEqualTo(3);
        }
    }

    @Test
    void aRelativePathHasNoTextOfItsOwn() {
        assertThatThrownBy(() -> PathText.path(new byte[] {'a', (byte) 0xE9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not absolute");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
