package io.headpatch.worker.io;

/**
 * A batch stopped before one of its files because its {@link WriteDeadline} had passed: the files before it were
 * written, synced and closed as usual, none after it was touched.
 */
public final class WriteDeadlinePassedException extends RuntimeException {

    private final int written;

    WriteDeadlinePassedException(String reason, int written, int requested) {
        super(reason + ": " + written + " of " + requested + " files of the batch written, nothing more");
        this.written = written;
    }

    /** How many of the batch's requests were written (or refused) before the deadline passed. */
    public int written() {
        return written;
    }
}
