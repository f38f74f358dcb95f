package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * The one file of a {@link WriteRequest}, from the checks before the write to the close: the handle both
 * writers return. Opened only if it is a regular file, without following links and without creating it.
 */
final class HeaderFile implements WrittenHeader {

    private final WriteRequest request;
    /** Null when the file was never opened. */
    private final FileChannel channel;
    /** The mtime to put back after the write; null unless asked to preserve it. */
    private final FileTime mtimeToRestore;
    /** Null while the file is open, checked and not yet written; volatile as a BATCH sync sets it on a pool thread. */
    private volatile WriteResult result;
    private boolean headerWritten;
    private boolean closed;

    private HeaderFile(WriteRequest request, FileChannel channel, FileTime mtimeToRestore) {
        this.request = request;
        this.channel = channel;
        this.mtimeToRestore = mtimeToRestore;
    }

    /** Checks and opens the file; the result is already set if it must not be written. */
    static HeaderFile open(WriteRequest request, boolean preserveMtime) {
        Path path = request.path();
        BasicFileAttributes attributes;
        try {
            // Before opening, so that a FIFO or device is never opened at all.
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return rejected(request, Status.GONE, "no such file");
        } catch (IOException e) {
            return rejected(request, Status.IO_ERROR, "stat failed: " + osReason(e));
        }
        if (!attributes.isRegularFile()) {
            return rejected(request, Status.NOT_REGULAR, "type=" + typeOf(attributes));
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return rejected(request, Status.GONE, "no such file");
        } catch (FileSystemException e) {
            // A link swapped in since the check above fails with ELOOP.
            return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                    ? rejected(request, Status.IO_ERROR, "open failed: " + osReason(e))
                    : rejected(request, Status.NOT_REGULAR, "no longer a regular file: " + osReason(e));
        } catch (IOException e) {
            return rejected(request, Status.IO_ERROR, "open failed: " + osReason(e));
        }
        HeaderFile file = new HeaderFile(request, channel, preserveMtime ? attributes.lastModifiedTime() : null);
        file.checkUnchanged();
        return file;
    }

    private static HeaderFile rejected(WriteRequest request, Status status, String reason) {
        HeaderFile file = new HeaderFile(request, null, null);
        file.result = WriteResult.failed(request, status, reason);
        return file;
    }

    /** Size from the open file itself; the file key by path, after the open, to catch a file swapped in before it. */
    private void checkUnchanged() {
        try {
            long size = channel.size();
            if (size != request.expectedSize()) {
                failed(Status.CHANGED, "size=" + size + " expected=" + request.expectedSize());
            } else if (size < request.header().length) {
                failed(Status.CHANGED, "size=" + size + " headerLength=" + request.header().length);
            } else if (request.expectedFileKey() != null) {
                Object fileKey = Files.readAttributes(request.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .fileKey();
                if (!request.expectedFileKey().equals(fileKey)) {
                    failed(Status.CHANGED, "fileKey=" + fileKey + " expected=" + request.expectedFileKey());
                }
            }
        } catch (NoSuchFileException e) {
            failed(Status.GONE, "no such file");
        } catch (IOException e) {
            failed(Status.IO_ERROR, "stat failed: " + osReason(e));
        }
    }

    /** Opened, checked, and nothing written yet. */
    boolean readyToWrite() {
        return result == null;
    }

    FileChannel channel() {
        return channel;
    }

    /** The header went in; WRITTEN if the file still has its size (a file shrunk meanwhile may have lost it). */
    void written() {
        headerWritten = true;
        try {
            long size = channel.size();
            result = size == request.expectedSize()
                    ? WriteResult.written(request)
                    : WriteResult.failed(request, Status.IO_ERROR,
                            "size changed while writing: size=" + size + " expected=" + request.expectedSize());
        } catch (IOException e) {
            failed(Status.IO_ERROR, "stat after write failed: " + osReason(e));
        }
    }

    void failed(Status status, String reason) {
        result = WriteResult.failed(request, status, reason);
    }

    @Override
    public WriteResult result() {
        return Objects.requireNonNull(result, "not written yet");
    }

    @Override
    public void sync() {
        if (isWritten()) {
            try {
                channel.force(false);
            } catch (IOException e) {
                failed(Status.IO_ERROR, "fdatasync failed: " + osReason(e));
            }
        }
    }

    @Override
    public long fileSystem() {
        if (!isWritten()) {
            return -1;
        }
        try {
            return FileSystemSync.device(channel);
        } catch (IOException e) {
            failed(Status.IO_ERROR, osReason(e));
            return -1;
        }
    }

    @Override
    public boolean syncFileSystem() {
        return FileSystemSync.syncfs(channel);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failAfterWrite("close failed: " + osReason(e));
            }
        }
        if (mtimeToRestore != null && headerWritten) {
            try {
                Files.setLastModifiedTime(request.path(), mtimeToRestore);
            } catch (IOException e) {
                failAfterWrite("header written, mtime not restored: " + osReason(e));
            }
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

    private static String typeOf(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "symlink";
        }
        return attributes.isDirectory() ? "directory" : "other";
    }
}
