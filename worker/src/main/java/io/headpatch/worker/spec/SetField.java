package io.headpatch.worker.spec;

import java.math.BigInteger;

/** One entry of {@code set:}: writes {@code width} bytes at {@code offset}. */
record SetField(String label, int offset, int width, FieldType type, FieldValue value) {

    boolean isChecksum() {
        return value instanceof FieldValue.Checksum;
    }

    boolean usesJobTimestamp() {
        return value instanceof FieldValue.JobTimestamp;
    }

    /** Writes this field into {@code header}; a checksum reads the header as it is at this point. */
    void applyTo(byte[] header, long fileSize, long jobTimestampMillis) {
        if (value instanceof FieldValue.Constant constant) {
            System.arraycopy(constant.bytes(), 0, header, offset, width);
        } else if (value instanceof FieldValue.Checksum checksum) {
            type.write(checksum.algorithm().compute(header, checksum.from(), checksum.to()), header, offset);
        } else if (value instanceof FieldValue.FileSize size) {
            writeRuntime(size.expression(), BigInteger.valueOf(fileSize).add(BigInteger.valueOf(size.delta())), header);
        } else {
            writeRuntime("${job.timestamp}", BigInteger.valueOf(jobTimestampMillis), header);
        }
    }

    private void writeRuntime(String expression, BigInteger resolved, byte[] header) {
        if (!type.fits(resolved)) {
            throw new SpecValueException(label + ": " + expression + " = " + resolved + " does not fit " + type);
        }
        type.write(resolved.longValue(), header, offset);
    }
}
