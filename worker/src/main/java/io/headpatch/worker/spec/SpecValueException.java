package io.headpatch.worker.spec;

/**
 * A value known only while patching does not fit its field, e.g. {@code ${file.size - 8}} of a
 * 4-byte file in a u32 field. It concerns one file, not the spec, so it is unchecked.
 */
public final class SpecValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SpecValueException(String message) {
        super(message);
    }
}
