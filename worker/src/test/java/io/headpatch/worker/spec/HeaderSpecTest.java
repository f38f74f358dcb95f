package io.headpatch.worker.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderSpecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static HeaderSpec spec(String yaml) throws SpecException {
        return HeaderSpec.load(yaml, "t.yaml", Map.of());
    }

    @Test
    void writesIntegersInTheByteOrderTheTypeNames() throws SpecException {
        // given
        HeaderSpec spec = spec("""
                name: byte-order
                headerLength: 24
                set:
                  - { offset: 0,  type: u32le, value: 0x01020304 }
                  - { offset: 4,  type: u32be, value: 0x01020304 }
                  - { offset: 8,  type: u16le, value: 258 }
                  - { offset: 10, type: u16be, value: 258 }
                  - { offset: 12, type: u64be, value: 0xFFFFFFFFFFFFFFFE }
                  - { offset: 20, type: u8,    value: 255 }
                """);

        // when
        byte[] target = spec.target(new byte[24], 100, 0);

        // then
        assertThat(HEX.formatHex(target)).isEqualTo("04030201" + "01020304" + "0201" + "0102"
                + "fffffffffffffffe" + "ff" + "000000");
    }

    @Test
    void padsAsciiWithNulUnlessAPadIsGiven() throws SpecException {
        // given
        HeaderSpec spec = spec("""
                name: ascii
                headerLength: 12
                set:
                  - { offset: 0, type: ascii, length: 6, value: "v1" }
                  - { offset: 6, type: ascii, length: 6, value: yes, pad: " " }
                """);

        // when
        byte[] target = spec.target(new byte[12], 100, 0);

        // then the YAML 1.1 boolean "yes" stays the text written
        assertThat(target).containsExactly('v', '1', 0, 0, 0, 0, 'y', 'e', 's', ' ', ' ', ' ');
    }

    @Test
    void writesFileSizeWithItsOffset() throws SpecException {
        // given
        HeaderSpec spec = spec("""
                name: sizes
                headerLength: 12
                set:
                  - { offset: 0, type: u32le, value: "${file.size - 8}" }
                  - { offset: 4, type: u32be, value: "${ file.size + 0x10 }" }
                  - { offset: 8, type: u32le, value: "${file.size}" }
                """);

        // when
        byte[] target = spec.target(new byte[12], 1000, 0);

        // then
        assertThat(HEX.formatHex(target)).isEqualTo("e0030000" + "000003f8" + "e8030000");
        assertThat(spec.usesJobTimestamp()).isFalse();
    }

    @Test
    void refusesAtRuntimeAFileSizeThatDoesNotFit() throws SpecException {
        // given
        HeaderSpec spec = spec("""
                name: riff
                headerLength: 12
                set:
                  - { offset: 4, type: u32le, value: "${file.size - 8}" }
                """);

        // when
        SpecValueException tooSmall = catchThrowableOfType(() -> spec.target(new byte[12], 4, 0),
                SpecValueException.class);
        SpecValueException tooLarge = catchThrowableOfType(() -> spec.target(new byte[12], (1L << 32) + 8, 0),
                SpecValueException.class);

        // then
        assertThat(tooSmall).hasMessage("set[0] (offset=4): ${file.size - 8} = -4 does not fit u32le");
        assertThat(tooLarge).hasMessage("set[0] (offset=4): ${file.size - 8} = 4294967296 does not fit u32le");
    }

    @Test
    void writesTheJobTimestampAndRefusesOneThatDoesNotFit() throws SpecException {
        // given
        HeaderSpec wide = spec("name: ts\nheaderLength: 8\nset:\n  - { offset: 0, type: u64be, value: \"${job.timestamp}\" }\n");
        HeaderSpec narrow = spec("name: ts\nheaderLength: 4\nset:\n  - { offset: 0, type: u32le, value: \"${job.timestamp}\" }\n");

        // when
        byte[] target = wide.target(new byte[8], 100, 0x0102030405060708L);

        // then
        assertThat(HEX.formatHex(target)).isEqualTo("0102030405060708");
        assertThat(wide.usesJobTimestamp()).isTrue();
        assertThatThrownBy(() -> narrow.target(new byte[4], 100, 1_700_000_000_000L))
                .isInstanceOf(SpecValueException.class)
                .hasMessage("set[0] (offset=0): ${job.timestamp} = 1700000000000 does not fit u32le");
    }

    @Test
    void computesChecksumsLastOverTheResultInTheOrderGiven() throws SpecException {
        // given an inner CRC32 listed before the Adler-32 that covers it, both listed before a plain field
        HeaderSpec spec = spec("""
                name: checksums
                headerLength: 16
                set:
                  - { offset: 8, type: u32le, crc32: { from: 12, to: 16 } }
                  - { offset: 0, type: u32be, adler32: { from: 4, to: 16 } }
                  - { offset: 12, bytes: "cafebabe" }
                """);
        byte[] current = HEX.parseHex("00000000" + "11111111" + "22222222" + "33333333");

        // when
        byte[] target = spec.target(current, 100, 0);

        // then
        CRC32 crc32 = new CRC32();
        crc32.update(HEX.parseHex("cafebabe"));
        ByteBuffer expected = ByteBuffer.wrap(HEX.parseHex("00000000" + "11111111" + "00000000" + "cafebabe"));
        expected.order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) crc32.getValue());
        Adler32 adler32 = new Adler32();
        adler32.update(expected.array(), 4, 12);
        expected.order(ByteOrder.BIG_ENDIAN).putInt(0, (int) adler32.getValue());
        assertThat(target).containsExactly(expected.array());
        assertThat(current).as("input untouched").containsExactly(HEX.parseHex("00000000111111112222222233333333"));
    }

    @Test
    void reportsTheFirstFailingGuard() throws SpecException {
        // given
        HeaderSpec spec = spec("""
                name: guards
                headerLength: 6
                match:
                  - { offset: 0, bytes: "1f8b08" }
                  - { offset: 4, type: u16be, value: 0x0102 }
                set:
                  - { offset: 3, type: u8, value: 0 }
                """);

        // when
        String matching = spec.guardFailure(HEX.parseHex("1f8b08ff0102"));
        String zip = spec.guardFailure(HEX.parseHex("504b03040102"));
        String otherVersion = spec.guardFailure(HEX.parseHex("1f8b08ff0103"));

        // then
        assertThat(matching).isNull();
        assertThat(zip).isEqualTo("guard offset=0 expected=1f8b08 actual=504b03");
        assertThat(otherVersion).isEqualTo("guard offset=4 expected=0102 actual=0103");
    }

    @Test
    void refusesHeadersOfTheWrongLength() throws SpecException {
        // given
        HeaderSpec spec = spec("name: t\nheaderLength: 4\nset:\n  - { offset: 0, type: u8, value: 1 }\n");

        // when / then
        assertThatThrownBy(() -> spec.guardFailure(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spec.target(new byte[5], 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsWrittenRangesSortedAndMerged() throws SpecException {
        // given
        HeaderSpec spec = spec("""
                name: ranges
                headerLength: 32
                set:
                  - { offset: 20, type: u16le, value: 1 }
                  - { offset: 4,  type: u32le, value: 1 }
                  - { offset: 0,  type: u32be, crc32: { from: 8, to: 32 } }
                  - { offset: 10, bytes: "0102" }
                """);

        // when
        var ranges = spec.writtenRanges();

        // then
        assertThat(ranges).containsExactly(new int[] {0, 8}, new int[] {10, 12}, new int[] {20, 22});
    }

    @Test
    void hashIsStableAndDependsOnTheParameters() throws SpecException {
        // given
        String yaml = "name: t\nheaderLength: 8\nset:\n  - { offset: 6, type: u16be, value: \"${major}\" }\n";

        // when
        HeaderSpec first = HeaderSpec.load(yaml, "a.yaml", Map.of("major", "61"));
        HeaderSpec again = HeaderSpec.load(yaml, "b.yaml", Map.of("major", "61"));
        HeaderSpec other = HeaderSpec.load(yaml, "a.yaml", Map.of("major", "65"));

        // then
        assertThat(first.hash()).matches("[0-9a-f]{64}").isEqualTo(again.hash()).isNotEqualTo(other.hash());
        assertThat(first.parameters()).containsExactly(Map.entry("major", "61"));
        assertThat(first.source()).isEqualTo(yaml);
        assertThat(first.description()).isEmpty();
    }

    @Test
    void resolvesAFilePathWhenNoTemplateHasThatName(@TempDir Path dir) throws Exception {
        // given
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, "name: mine\nheaderLength: 2\nset:\n  - { offset: 0, type: u16le, value: \"${v}\" }\n");

        // when
        HeaderSpec spec = HeaderSpec.resolve(file.toString(), Map.of("v", "0x0a0b"));

        // then
        assertThat(spec.name()).isEqualTo("mine");
        assertThat(spec.target(new byte[2], 10, 0)).containsExactly(0x0b, 0x0a);
    }

    @Test
    void refusesAnUnknownSpecListingTheTemplates() {
        // when
        SpecException refusal = catchThrowableOfType(() -> HeaderSpec.resolve("gzip-mtim", Map.of()),
                SpecException.class);

        // then
        assertThat(refusal.getMessage()).contains("unknown spec gzip-mtim")
                .contains("class-version, elf-osabi, fhdr-v1.3, gzip-mtime, wav-riff-size");
    }

    @Test
    void refusesAnUnreadableFileNamingThePath(@TempDir Path dir) {
        // given
        Path missing = dir.resolve("missing.yaml");

        // when
        SpecException refusal = catchThrowableOfType(() -> HeaderSpec.load(missing, Map.of()), SpecException.class);

        // then
        assertThat(refusal.getMessage()).contains("cannot read spec file " + missing);
    }
}
