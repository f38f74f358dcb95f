package io.headpatch.job;

/** A user mistake in what to scan: a missing root, a root that is a file, a path outside the roots. */
public final class ScanInputException extends RuntimeException {

    public ScanInputException(String message) {
        super(message);
    }
}
