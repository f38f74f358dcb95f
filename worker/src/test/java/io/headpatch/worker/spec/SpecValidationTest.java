package io.headpatch.worker.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidationTest {

    /** Line 1 name, line 2 headerLength, line 3 "set:", so a field listed first is on line 4. */
    private static String withSet(String... setLines) {
        return "name: t\nheaderLength: 8\nset:\n" + String.join("\n", setLines) + "\n";
    }

    static Stream<Arguments> malformedSpecs() {
        return Stream.of(
                arguments("unknown type", withSet("  - { offset: 0, type: u24le, value: 1 }"),
                        "t.yaml line 4: set[0] (offset=0): unknown type=u24le"),
                arguments("overlapping set-fields", withSet(
                        "  - { offset: 0, type: u32le, value: 1 }",
                        "  - { offset: 2, type: u16be, value: 1 }"),
                        "t.yaml line 5: set[1] (offset=2): writes byte 2, as set[0] (offset=0) does"),
                arguments("set-field past headerLength", withSet("  - { offset: 6, type: u32le, value: 1 }"),
                        "t.yaml line 4: set[0] (offset=6): bytes [6,10) lie past headerLength=8"),
                arguments("guard past headerLength", """
                        name: t
                        headerLength: 8
                        match:
                          - { offset: 6, bytes: "010203" }
                        set:
                          - { offset: 0, type: u8, value: 1 }
                        """, "t.yaml line 4: match[0] (offset=6): bytes [6,9) lie past headerLength=8"),
                arguments("checksum from < 0", withSet("  - { offset: 0, type: u32le, crc32: { from: -1, to: 8 } }"),
                        "t.yaml line 4: set[0] (offset=0): crc32 range [-1,8) is out of bounds"),
                arguments("checksum to > headerLength",
                        withSet("  - { offset: 0, type: u32le, crc32: { from: 4, to: 9 } }"),
                        "t.yaml line 4: set[0] (offset=0): crc32 range [4,9) is out of bounds"),
                arguments("checksum from >= to", withSet("  - { offset: 0, type: u32le, crc32c: { from: 6, to: 6 } }"),
                        "t.yaml line 4: set[0] (offset=0): crc32c range [6,6) is out of bounds"),
                arguments("checksum covering its own bytes",
                        withSet("  - { offset: 2, type: u32be, adler32: { from: 0, to: 8 } }"),
                        "t.yaml line 4: set[0] (offset=2): adler32 range [0,8) contains the checksum's own bytes [2,6)"),
                arguments("checksum in a u16", withSet("  - { offset: 0, type: u16le, crc32: { from: 4, to: 8 } }"),
                        "t.yaml line 4: set[0] (offset=0): crc32 needs type u32le or u32be, not u16le"),
                arguments("checksum covering a later checksum", withSet(
                        "  - { offset: 0, type: u32le, crc32: { from: 4, to: 8 } }",
                        "  - { offset: 4, type: u32le, crc32: { from: 0, to: 1 } }"),
                        "t.yaml line 4: set[0] (offset=0): crc32 range [4,8) covers set[1] (offset=4)"),
                arguments("300 in u8", withSet("  - { offset: 0, type: u8, value: 300 }"),
                        "t.yaml line 4: set[0] (offset=0): value=300 does not fit u8"),
                arguments("negative in unsigned", withSet("  - { offset: 0, type: u16le, value: -1 }"),
                        "t.yaml line 4: set[0] (offset=0): value=-1 does not fit u16le"),
                arguments("not a number", withSet("  - { offset: 0, type: u16le, value: twelve }"),
                        "t.yaml line 4: set[0] (offset=0): value=twelve is not an integer"),
                arguments("missing parameter", withSet("  - { offset: 6, type: u16be, value: \"${major}\" }"),
                        "t.yaml line 4: set[0] (offset=6): missing parameter major"),
                arguments("unknown placeholder", withSet("  - { offset: 0, type: u32le, value: \"${file.mtime}\" }"),
                        "t.yaml line 4: set[0] (offset=0): unknown placeholder ${file.mtime}"),
                arguments("placeholder inside text", withSet(
                        "  - { offset: 0, type: ascii, length: 8, value: \"v${major}\" }"),
                        "t.yaml line 4: set[0] (offset=0): value=v${major}: a ${...} placeholder must be the whole value"),
                arguments("runtime value in a guard", """
                        name: t
                        headerLength: 8
                        match:
                          - { offset: 0, type: u32le, value: "${file.size}" }
                        set:
                          - { offset: 4, type: u8, value: 1 }
                        """, "t.yaml line 4: match[0] (offset=0): a guard cannot use ${file.size}"),
                arguments("runtime value in bytes", withSet("  - { offset: 0, type: bytes, value: \"${job.timestamp}\" }"),
                        "t.yaml line 4: set[0] (offset=0): ${job.timestamp} needs an integer type, not bytes"),
                arguments("odd hex", withSet("  - { offset: 0, bytes: \"abc\" }"),
                        "t.yaml line 4: set[0] (offset=0): bytes=abc is not hex"),
                arguments("ascii too long", withSet("  - { offset: 0, type: ascii, length: 3, value: \"abcd\" }"),
                        "t.yaml line 4: set[0] (offset=0): value=abcd has 4 characters, more than length=3"),
                arguments("ascii without length", withSet("  - { offset: 0, type: ascii, value: \"ab\" }"),
                        "t.yaml line 4: set[0] (offset=0): type ascii needs length"),
                arguments("length on an integer", withSet("  - { offset: 0, type: u8, length: 1, value: 1 }"),
                        "t.yaml line 4: set[0] (offset=0): length and pad apply to type ascii only"),
                arguments("unknown field key", withSet("  - { offset: 0, type: u8, valeu: 1 }"),
                        "t.yaml line 4: set[0]: unknown key=valeu"),
                arguments("duplicate key", withSet("  - { offset: 0, type: u8, value: 1, value: 2 }"),
                        "t.yaml line 4: set[0]: duplicate key=value"),
                arguments("missing offset", withSet("  - { type: u8, value: 1 }"),
                        "t.yaml line 4: set[0]: missing offset"),
                arguments("unknown top-level key", "name: t\nheaderLenght: 8\n",
                        "t.yaml line 2: spec: unknown key=headerLenght"),
                arguments("missing name", "headerLength: 8\nset:\n  - { offset: 0, type: u8, value: 1 }\n",
                        "t.yaml line 1: name: missing name"),
                arguments("empty name", "name: \"\"\nheaderLength: 8\nset:\n  - { offset: 0, type: u8, value: 1 }\n",
                        "t.yaml line 1: name: name is empty"),
                arguments("missing headerLength", "name: t\nset:\n  - { offset: 0, type: u8, value: 1 }\n",
                        "t.yaml line 1: headerLength: missing headerLength"),
                arguments("headerLength 0", "name: t\nheaderLength: 0\nset: []\n",
                        "t.yaml line 2: headerLength: headerLength=0 must be between 1 and 65536"),
                arguments("headerLength above 64 KiB", "name: t\nheaderLength: 65537\nset: []\n",
                        "t.yaml line 2: headerLength: headerLength=65537 must be between 1 and 65536"),
                arguments("nothing to set", "name: t\nheaderLength: 8\nset: []\n",
                        "t.yaml line 3: set: a spec must set at least one field"),
                arguments("done is not a list", "name: t\nheaderLength: 8\ndone: yes\nset:\n  - { offset: 0, type: u8, value: 1 }\n",
                        "t.yaml line 3: done: expected a list"),
                arguments("done is empty", "name: t\nheaderLength: 8\ndone: []\nset:\n  - { offset: 0, type: u8, value: 1 }\n",
                        "t.yaml line 3: done: an empty list would call every file done"),
                arguments("done check past headerLength", """
                        name: t
                        headerLength: 8
                        done:
                          - { offset: 0, bytes: "01" }
                          - { offset: 7, type: u16be, value: 1 }
                        set:
                          - { offset: 0, type: u8, value: 1 }
                        """, "t.yaml line 5: done[1] (offset=7): bytes [7,9) lie past headerLength=8"),
                arguments("done check with a runtime value", """
                        name: t
                        headerLength: 8
                        done:
                          - { offset: 0, type: u64le, value: "${job.timestamp}" }
                        set:
                          - { offset: 0, type: u8, value: 1 }
                        """, "t.yaml line 4: done[0] (offset=0): a guard cannot use ${job.timestamp}"),
                arguments("done checksum covering its own bytes", """
                        name: t
                        headerLength: 8
                        done:
                          - { offset: 0, type: u32be, crc32c: { from: 2, to: 8 } }
                        set:
                          - { offset: 7, type: u8, value: 1 }
                        """, "t.yaml line 4: done[0] (offset=0): crc32c range [2,8) contains the checksum's own bytes [0,4)"),
                arguments("done checksum without to", """
                        name: t
                        headerLength: 8
                        done:
                          - { offset: 0, type: u32be, crc32c: { from: 4 } }
                        set:
                          - { offset: 7, type: u8, value: 1 }
                        """, "t.yaml line 4: done[0] (offset=0): crc32c needs both from and to"),
                arguments("done checksum with a value", """
                        name: t
                        headerLength: 8
                        done:
                          - { offset: 0, type: u32be, value: 1, crc32: { from: 4, to: 8 } }
                        set:
                          - { offset: 7, type: u8, value: 1 }
                        """, "t.yaml line 4: done[0] (offset=0): a crc32 field takes no value"),
                arguments("done check with an unknown key", """
                        name: t
                        headerLength: 8
                        done:
                          - { offset: 0, byte: "01" }
                        set:
                          - { offset: 7, type: u8, value: 1 }
                        """, "t.yaml line 4: done[0]: unknown key=byte"),
                arguments("YAML syntax error", withSet("  - { offset: 0, type: u8, value: 1", "  - x"),
                        "t.yaml line 6: YAML syntax: expected ',' or '}', but got <stream end> "
                                + "(while parsing a flow mapping started on line 4)"),
                arguments("YAML indentation error", "name: t\nheaderLength: 8\n  set: 1\n",
                        "t.yaml line 3: YAML syntax"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSpecs")
    void refusesMalformedSpecNamingLineAndField(String problem, String yaml, String expectedMessage) {
        // given a malformed spec (see the arguments)

        // when
        SpecException refusal = catchThrowableOfType(() -> HeaderSpec.load(yaml, "t.yaml", Map.of()),
                SpecException.class);

        // then
        assertThat(refusal).as(problem).isNotNull();
        assertThat(refusal.getMessage()).as(problem).contains(expectedMessage);
    }

    @Test
    void refusesParameterTheSpecDoesNotUse() {
        // given
        String yaml = withSet("  - { offset: 6, type: u16be, value: \"${major}\" }");

        // when
        SpecException refusal = catchThrowableOfType(
                () -> HeaderSpec.load(yaml, "t.yaml", Map.of("major", "61", "foo", "1")), SpecException.class);

        // then
        assertThat(refusal).hasMessage("t.yaml: unknown parameter=foo, spec uses: major");
    }

    @Test
    void missingParameterMessageListsTheGivenOnes() {
        // given
        String yaml = withSet("  - { offset: 6, type: u16be, value: \"${major}\" }");

        // when
        SpecException refusal = catchThrowableOfType(
                () -> HeaderSpec.load(yaml, "t.yaml", Map.of("minor", "0")), SpecException.class);

        // then
        assertThat(refusal).hasMessage("t.yaml line 4: set[0] (offset=6): missing parameter major (given: minor)");
    }

    @Test
    void refusesParameterValueThatDoesNotFit() {
        // given
        String yaml = withSet("  - { offset: 7, type: u8, value: \"${osabi}\" }");

        // when
        SpecException refusal = catchThrowableOfType(
                () -> HeaderSpec.load(yaml, "t.yaml", Map.of("osabi", "0x100")), SpecException.class);

        // then
        assertThat(refusal).hasMessage("t.yaml line 4: set[0] (offset=7): parameter osabi=0x100 does not fit u8");
    }
}
