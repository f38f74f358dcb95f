package io.headpatch.ops.output;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** The one JSON mapper of the command line: ISO-8601 times, indented output, never closing stdout. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {
    }

    /** Writes a value and a final newline. */
    public static void write(Writer out, Object value) {
        try (JsonGenerator generator = generator(out)) {
            MAPPER.writeValue(generator, value);
        }
        try {
            out.write(System.lineSeparator());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A generator for streaming output; closing it flushes but leaves {@code out} open. */
    public static JsonGenerator generator(Writer out) {
        return MAPPER.createGenerator(new NonClosingWriter(out));
    }

    private static final class NonClosingWriter extends FilterWriter {

        NonClosingWriter(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
