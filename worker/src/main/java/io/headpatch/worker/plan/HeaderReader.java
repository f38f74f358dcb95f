package io.headpatch.worker.plan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Reads the first bytes of a file without ever following a link or opening anything but a regular
 * file. The type is checked before the open, so a FIFO never blocks a worker, and again after it,
 * so a path swapped in between is reported instead of read.
 */
public final class HeaderReader {

    /** The reasons of {@link Outcome#NOT_REGULAR}, also given for entries the scan listed as such. */
    public static final String SYMLINK = "symbolic link (not followed)";
    public static final String DIRECTORY = "directory";
    public static final String OTHER = "not a regular file (FIFO, device or socket)";

    private HeaderReader() {
    }

    /** Reads {@code length} bytes from offset 0; a file shorter than that is {@link Outcome#TOO_SHORT}. */
    public static HeaderRead read(Path path, int length) {
        BasicFileAttributes before;
        try {
            before = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return HeaderRead.failed(Outcome.GONE, "no such file");
        } catch (IOException e) {
            return HeaderRead.failed(Outcome.IO_ERROR, reason(e));
        }
        if (!before.isRegularFile()) {
            return HeaderRead.failed(Outcome.NOT_REGULAR, kind(before));
        }
        if (before.size() < length) {
            return HeaderRead.failed(Outcome.TOO_SHORT, "size=" + before.size() + " headerLength=" + length);
        }
        byte[] header = new byte[length];
        BasicFileAttributes after;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.wrap(header);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) {
                    return HeaderRead.failed(Outcome.TOO_SHORT, "size=" + buffer.position() + " headerLength=" + length);
                }
            }
            after = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return HeaderRead.failed(Outcome.GONE, "no such file");
        } catch (IOException e) {
            return HeaderRead.failed(Outcome.IO_ERROR, reason(e));
        }
        if (!after.isRegularFile() || !Objects.equals(before.fileKey(), after.fileKey())) {
            return HeaderRead.failed(Outcome.CHANGED_SINCE_SCAN, "path replaced while reading");
        }
        return HeaderRead.of(header, after);
    }

    /** The OS reason of an I/O failure, without the Java class name. */
    public static String reason(IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        }
        return reason;
    }

    static String kind(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return SYMLINK;
        }
        if (attributes.isDirectory()) {
            return DIRECTORY;
        }
        return OTHER;
    }
}
