package io.headpatch.worker.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInTemplatesTest {

    private static final HexFormat HEX = HexFormat.of();

    static Stream<String> templateNames() {
        return BuiltInTemplates.descriptions().keySet().stream();
    }

    @Test
    void listsEveryTemplateFileWithItsDescription() throws Exception {
        // given
        Path directory = Path.of(BuiltInTemplates.class.getResource("templates").toURI());

        // when
        Map<String, String> descriptions = BuiltInTemplates.descriptions();

        // then
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString().replace(".yaml", "")))
                    .containsExactlyInAnyOrderElementsOf(descriptions.keySet());
        }
        assertThat(descriptions.keySet()).containsExactly("class-version", "elf-osabi", "fhdr-v1.3", "gzip-mtime",
                "wav-riff-size");
        assertThat(descriptions.values()).allSatisfy(description -> assertThat(description).isNotBlank().doesNotContain("\n"));
        assertThat(BuiltInTemplates.source("no-such-template")).isNull();
    }

    @ParameterizedTest
    @MethodSource("templateNames")
    void templateIsNamedAfterItsFileAndDescribed(String name) throws SpecException {
        // when
        HeaderSpec spec = HeaderSpec.resolve(name, parametersFor(name));

        // then
        assertThat(spec.name()).isEqualTo(name);
        assertThat(spec.description()).isEqualTo(BuiltInTemplates.descriptions().get(name));
        assertThat(spec.source()).isEqualTo(BuiltInTemplates.source(name));
    }

    private static Map<String, String> parametersFor(String name) {
        return switch (name) {
            case "class-version" -> Map.of("major", "61");
            case "elf-osabi" -> Map.of("osabi", "3");
            default -> Map.of();
        };
    }

    @Test
    void gzipMtimeZeroesTheMtime() throws SpecException {
        // given
        HeaderSpec spec = HeaderSpec.resolve("gzip-mtime", Map.of());
        byte[] header = HEX.parseHex("1f8b0808" + "78563412" + "0003");

        // when
        byte[] target = spec.target(header, 500, 0);

        // then
        assertThat(spec.guardFailure(header)).isNull();
        assertThat(HEX.formatHex(target)).isEqualTo("1f8b0808" + "00000000" + "0003");
        assertThat(spec.guardFailure(HEX.parseHex("504b0304140000000800")))
                .isEqualTo("guard offset=0 expected=1f8b08 actual=504b03");
        assertThat(spec.usesJobTimestamp()).isFalse();
    }

    @Test
    void classVersionSetsTheMajorVersion() throws SpecException {
        // given
        HeaderSpec spec = HeaderSpec.resolve("class-version", Map.of("major", "61"));
        byte[] header = HEX.parseHex("cafebabe" + "0000" + "0034");

        // when
        byte[] target = spec.target(header, 900, 0);

        // then
        assertThat(spec.guardFailure(header)).isNull();
        assertThat(HEX.formatHex(target)).isEqualTo("cafebabe" + "0000" + "003d");
        assertThat(spec.writtenRanges()).containsExactly(new int[] {6, 8});
    }

    @Test
    void classVersionWithoutMajorIsRefusedNamingTheParameter() {
        // when
        SpecException refusal = catchThrowableOfType(() -> HeaderSpec.resolve("class-version", Map.of()),
                SpecException.class);

        // then
        assertThat(refusal).hasMessage("built-in class-version line 7: set[0] (offset=6): missing parameter major"
                + " (given: none)");
    }

    @Test
    void wavRiffSizeIsTheFileSizeLessEight() throws SpecException {
        // given
        HeaderSpec spec = HeaderSpec.resolve("wav-riff-size", Map.of());
        byte[] header = HEX.parseHex("52494646" + "ffffffff" + "57415645");

        // when
        byte[] target = spec.target(header, 1000, 0);

        // then
        assertThat(spec.guardFailure(header)).isNull();
        assertThat(HEX.formatHex(target)).isEqualTo("52494646" + "e0030000" + "57415645");
        assertThat(spec.guardFailure(HEX.parseHex("52494646" + "ffffffff" + "41564920")))
                .isEqualTo("guard offset=8 expected=57415645 actual=41564920");
    }

    @Test
    void elfOsabiSetsTheOsabiByte() throws SpecException {
        // given
        HeaderSpec spec = HeaderSpec.resolve("elf-osabi", Map.of("osabi", "3"));
        byte[] header = HEX.parseHex("7f454c46" + "020101" + "00" + "0000000000000000");

        // when
        byte[] target = spec.target(header, 4096, 0);

        // then
        assertThat(spec.guardFailure(header)).isNull();
        assertThat(HEX.formatHex(target)).isEqualTo("7f454c46" + "020101" + "03" + "0000000000000000");
    }

    @Test
    void fhdrBumpsTheVersionStampsTheTimeAndChecksums() throws SpecException {
        // given a version 1.2 header with a stale checksum and timestamp
        HeaderSpec spec = HeaderSpec.resolve("fhdr-v1.3", Map.of());
        byte[] header = new byte[64];
        for (int i = 0; i < header.length; i++) {
            header[i] = (byte) (i * 7);
        }
        ByteBuffer.wrap(header).put(0, "FILE".getBytes(StandardCharsets.US_ASCII)).putShort(62, (short) 0x0102);
        long timestamp = 1_700_000_000_123L;

        // when
        byte[] target = spec.target(header, 1200, timestamp);

        // then
        assertThat(spec.guardFailure(header)).isNull();
        ByteBuffer bigEndian = ByteBuffer.wrap(target);
        assertThat(bigEndian.getShort(62)).isEqualTo((short) 0x0103);
        assertThat(ByteBuffer.wrap(target).order(ByteOrder.LITTLE_ENDIAN).getLong(8)).isEqualTo(timestamp);
        CRC32C crc32c = new CRC32C();
        crc32c.update(target, 8, 56);
        assertThat(Integer.toUnsignedLong(bigEndian.getInt(4))).isEqualTo(crc32c.getValue());
        assertThat(target).startsWith('F', 'I', 'L', 'E');
        assertThat(ByteBuffer.wrap(target, 16, 46)).isEqualTo(ByteBuffer.wrap(header, 16, 46));
        assertThat(spec.writtenRanges()).containsExactly(new int[] {4, 16}, new int[] {62, 64});
        assertThat(spec.usesJobTimestamp()).isTrue();
        assertThat(spec.guardFailure(target)).isEqualTo("guard offset=62 expected=0102 actual=0103");
    }
}
