package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Objects;

/**
 * The one file of a {@link WriteRequest}, from the checks before the write to the close: the handle both
 * writers return. Opened as a {@link ConfinedFile} (from its root, no link followed on any component, only if
 * regular, never created), checked against the plan through its descriptor, and synced, mtime-restored and
 * closed through that same descriptor.
 */
final class HeaderFile implements WrittenHeader {

    private final WriteRequest request;
    /** Null when the file was never opened. */
    private final ConfinedFile file;
    /** Whether to put the mtime seen at the open back after the write. */
    private final boolean preserveMtime;
    /** Null while the file is open, checked and not yet written; volatile as a BATCH sync sets it on a pool thread. */
    private volatile WriteResult result;
    private boolean headerWritten;
    private String deadlinePassed;
    private boolean closed;

    private HeaderFile(WriteRequest request, ConfinedFile file, boolean preserveMtime) {
        this.request = request;
        this.file = file;
        this.preserveMtime = preserveMtime;
    }

    /**
     * Checks and opens the file, or takes the request's descriptor once its path is confirmed to name it still; the
     * result is already set if it must not be written. The header's lock comes first and the deadline after it: a
     * writer paused anywhere after its last question to the deadline holds the lock, so nobody else writes the file.
     */
    static HeaderFile open(WriteRequest request, boolean preserveMtime, WriteDeadline deadline) {
        ConfinedFile file = request.opened();
        FileIdentity current;
        try {
            if (file != null && file.writable()) {
                HeaderLock.lock(file, request.header().length);
                // Its path still names it: the identity read through the path is this descriptor's inode's, now.
                current = file.confirmReachable();
            } else {
                // Planned through a read-only descriptor (e.g. a read-only filesystem): the open for writing says why it fails.
                if (file != null) {
                    file.closeUnwritten();
                }
                file = ConfinedFile.openForWriting(request.file());
                HeaderLock.lock(file, request.header().length);
                current = file.stat();
            }
        } catch (FileAccessException e) {
            if (file != null) {
                file.closeUnwritten();
            }
            HeaderFile rejected = new HeaderFile(request, null, false);
            rejected.result = WriteResult.failed(request, e);
            return rejected;
        }
        HeaderFile header = new HeaderFile(request, file, preserveMtime);
        String passed = deadline.passed();
        if (passed != null) {
            header.deadlinePassed = passed;
            header.failed(Status.IO_ERROR, "not written: " + passed);
        } else {
            header.checkUnchanged(current);
        }
        return header;
    }

    @Override
    public String deadlinePassed() {
        return deadlinePassed;
    }

    /** Size, identity and mtime of the descriptor now against the plan: the file written is the file planned. */
    private void checkUnchanged(FileIdentity opened) {
        if (opened.size() != request.expectedSize()) {
            failed(Status.CHANGED, "size=" + opened.size() + " expected=" + request.expectedSize());
        } else if (opened.size() < request.header().length) {
            failed(Status.CHANGED, "size=" + opened.size() + " headerLength=" + request.header().length);
        } else if (request.expectedIdentity() != null) {
            String difference = opened.differenceFrom(request.expectedIdentity());
            if (difference != null) {
                failed(Status.CHANGED, difference);
            }
        }
    }

    /** Opened, checked, and nothing written yet. */
    boolean readyToWrite() {
        return result == null;
    }

    /** Writes the request's header at offset 0 through the descriptor ({@code pwrite}). */
    void writeHeader() throws FileAccessException {
        file.write(request.header());
    }

    /** The open descriptor, for native calls (e.g. {@code mmap}); valid until {@link #close()}. */
    int fd() {
        return file.fd();
    }

    /** The header went in; WRITTEN if the file still has its size (a file shrunk meanwhile may have lost it). */
    void written() {
        headerWritten = true;
        HeaderLock.unlock(file, request.header().length);
        try {
            long size = file.stat().size();
            result = size == request.expectedSize()
                    ? WriteResult.written(request)
                    : WriteResult.failed(request, Status.IO_ERROR,
                            "size changed while writing: size=" + size + " expected=" + request.expectedSize());
        } catch (FileAccessException e) {
            result = WriteResult.failed(request, new FileAccessException(FileAccessException.Kind.IO_ERROR, e.errno(),
                    "stat after write failed: " + e.getMessage()));
        }
    }

    void failed(Status status, String reason) {
        result = WriteResult.failed(request, status, reason);
    }

    /** A failed call after the header may have gone in: always IO_ERROR, with the call's errno. */
    private void failedAfterWrite(String what, FileAccessException e) {
        result = WriteResult.failed(request, new FileAccessException(FileAccessException.Kind.IO_ERROR, e.errno(),
                what + ": " + e.getMessage()));
    }

    @Override
    public WriteResult result() {
        return Objects.requireNonNull(result, "not written yet");
    }

    @Override
    public void sync() {
        if (isWritten()) {
            try {
                FileSystemSync.fdatasync(file);
            } catch (FileAccessException e) {
                failedAfterWrite("header written, not durable", e);
            }
        }
    }

    @Override
    public long fileSystem() {
        return isWritten() ? file.identity().device() : -1;
    }

    @Override
    public String syncFileSystem() {
        try {
            FileSystemSync.syncfs(file);
            return null;
        } catch (FileAccessException e) {
            return e.getMessage();
        }
    }

    @Override
    public void failSync(String reason) {
        if (isWritten()) {
            failed(Status.IO_ERROR, "header written, not durable: " + reason);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (file == null) {
            return;
        }
        if (preserveMtime && headerWritten) {
            try {
                file.setMtime(file.identity().mtimeSeconds(), file.identity().mtimeNanos());
            } catch (FileAccessException e) {
                if (isWritten()) {
                    failedAfterWrite("header written, mtime not restored", e);
                }
            }
        }
        try {
            file.close();
        } catch (IOException e) {
            failAfterWrite("close failed: " + osReason(e));
        }
    }

    private boolean isWritten() {
        WriteResult current = result;
        return current != null && current.status() == Status.WRITTEN;
    }

    /** A failure after a good write must not hide an earlier, more telling one. */
    private void failAfterWrite(String reason) {
        if (isWritten()) {
            failed(Status.IO_ERROR, reason);
        }
    }

    /** The OS's words (e.g. "Read-only file system") where the exception carries them, else its kind. */
    static String osReason(IOException e) {
        if (e instanceof FileSystemException fse) {
            // Some (AccessDeniedException) carry no reason, and their message is only the path.
            return fse.getReason() != null ? fse.getReason() : fse.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
