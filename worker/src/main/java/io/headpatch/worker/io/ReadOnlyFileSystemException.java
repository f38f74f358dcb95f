package io.headpatch.worker.io;

/**
 * A write refused with EROFS: the filesystem is mounted read-only, which is no one file's problem, so the batch
 * (and the job's partition) fails with the reason instead of recording every file of it as IO_ERROR.
 */
public final class ReadOnlyFileSystemException extends RuntimeException {

    public ReadOnlyFileSystemException(WriteResult result) {
        super("cannot write " + result.request().path() + ": " + result.reason() + " (errno=" + result.errno()
                + "); restart once the filesystem is writable");
    }
}
