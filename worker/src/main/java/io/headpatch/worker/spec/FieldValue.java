package io.headpatch.worker.spec;

/** What a set-field writes. Only constants are known at load; the others are resolved per job or per file. */
sealed interface FieldValue {

    /** A constant or bound parameter, already encoded for the field's type. */
    record Constant(byte[] bytes) implements FieldValue {
    }

    /** {@code ${job.timestamp}}: fixed once per job instance, so a re-run computes the same bytes. */
    record JobTimestamp() implements FieldValue {
    }

    /** {@code ${file.size}}, {@code ${file.size - N}} or {@code ${file.size + N}}, as written in the spec. */
    record FileSize(long delta, String expression) implements FieldValue {
    }

    /** A checksum over header bytes {@code [from, to)}, computed after every other set-field. */
    record Checksum(ChecksumAlgorithm algorithm, int from, int to) implements FieldValue {
    }
}
