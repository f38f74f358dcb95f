package io.headpatch.worker.io;

import io.headpatch.worker.io.FileAccessException.Kind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A regular file opened from its root's descriptor, one component at a time, with {@code O_NOFOLLOW} on every
 * component, and {@code O_NONBLOCK} so that a FIFO swapped in is never waited on. Its type is checked before the open
 * (so a device or FIFO is never opened) and its identity again on the open descriptor (so a file swapped in between
 * is refused). Everything after, reading, writing, mapping, syncing and setting the mtime, goes through this one
 * descriptor, never through the path again.
 *
 * <p>The seam for writers: {@link #channel()} (positional I/O, {@code OS.map}) and {@link #fd()} (native calls such as
 * {@code mmap}); the channel owns the descriptor, and {@link #close()} closes both.
 */
public final class ConfinedFile implements AutoCloseable {

    /** {@code futimens}: leave this timestamp as it is. */
    private static final long UTIME_OMIT = (1L << 30) - 2L;

    private final RootedPath file;
    private final int fd;
    private final FileChannel channel;
    private final FileIdentity identity;
    private boolean closed;

    private ConfinedFile(RootedPath file, int fd, FileChannel channel, FileIdentity identity) {
        this.file = file;
        this.fd = fd;
        this.channel = channel;
        this.identity = identity;
    }

    /** Opens a regular file for reading only. */
    public static ConfinedFile openForReading(RootedPath file) throws FileAccessException {
        return open(file, false);
    }

    /** Opens a regular file for reading and writing; never creates it. */
    public static ConfinedFile openForWriting(RootedPath file) throws FileAccessException {
        return open(file, true);
    }

    private static ConfinedFile open(RootedPath file, boolean writable) throws FileAccessException {
        Posix.LibC libc = Posix.libc();
        int dir = libc.open(Posix.name(file.root()), Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_CLOEXEC, 0);
        if (dir < 0) {
            int errno = Posix.errno();
            throw new FileAccessException(Kind.IO_ERROR, errno, "cannot open root=" + file.root() + ": " + Posix.reason(errno));
        }
        try {
            Path relative = file.relative();
            int last = relative.getNameCount() - 1;
            for (int i = 0; i < last; i++) {
                int next = libc.openat(dir, Posix.name(relative.getName(i)),
                        Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, 0);
                if (next < 0) {
                    throw folderFailure(Posix.errno(), dir, relative.subpath(0, i + 1));
                }
                libc.close(dir);
                dir = next;
            }
            return openIn(dir, file, relative.getName(last), writable);
        } finally {
            libc.close(dir);
        }
    }

    /** O_DIRECTORY with O_NOFOLLOW refuses a link with ENOTDIR (or ELOOP): its type says which it is. */
    private static FileAccessException folderFailure(int errno, int parent, Path folder) {
        if (errno != Posix.ELOOP && errno != Posix.ENOTDIR) {
            return FileAccessException.of(errno, "cannot open folder", folder.toString());
        }
        FileIdentity.Type type;
        try {
            type = FileIdentity.at(parent, Posix.name(folder.getFileName()), 0).type();
        } catch (FileAccessException e) {
            return e;
        }
        return new FileAccessException(Kind.CHANGED, errno, type == FileIdentity.Type.SYMLINK
                ? "folder " + folder + " is now a symbolic link (not followed)"
                : "folder " + folder + " is no longer a folder");
    }

    private static ConfinedFile openIn(int dir, RootedPath file, Path name, boolean writable) throws FileAccessException {
        byte[] encoded = Posix.name(name);
        FileIdentity seen = FileIdentity.at(dir, encoded, 0);
        if (seen.type() != FileIdentity.Type.REGULAR) {
            throw new FileAccessException(Kind.NOT_REGULAR, 0, seen.type().reason());
        }
        int flags = (writable ? Posix.O_RDWR : Posix.O_RDONLY)
                | Posix.O_NOFOLLOW | Posix.O_NONBLOCK | Posix.O_NOCTTY | Posix.O_CLOEXEC;
        int fd = Posix.libc().openat(dir, encoded, flags, 0);
        if (fd < 0) {
            int errno = Posix.errno();
            throw switch (errno) {
                case Posix.ELOOP -> new FileAccessException(Kind.NOT_REGULAR, errno, FileIdentity.Type.SYMLINK.reason());
                case Posix.EISDIR -> new FileAccessException(Kind.NOT_REGULAR, errno, FileIdentity.Type.DIRECTORY.reason());
                case Posix.ENXIO -> new FileAccessException(Kind.NOT_REGULAR, errno, FileIdentity.Type.OTHER.reason());
                default -> FileAccessException.of(errno, "open failed", null);
            };
        }
        FileIdentity opened;
        try {
            opened = FileIdentity.ofDescriptor(fd);
        } catch (FileAccessException e) {
            Posix.libc().close(fd);
            throw e;
        }
        if (opened.type() != FileIdentity.Type.REGULAR) {
            Posix.libc().close(fd);
            throw new FileAccessException(Kind.NOT_REGULAR, 0, opened.type().reason());
        }
        if (!opened.sameFile(seen)) {
            Posix.libc().close(fd);
            throw new FileAccessException(Kind.CHANGED, 0, "path replaced while opening");
        }
        return new ConfinedFile(file, fd, Posix.channel(fd, file.path().toString(), writable), opened);
    }

    public RootedPath file() {
        return file;
    }

    /** Type, device, inode, size and mtime of the descriptor when it was opened. */
    public FileIdentity identity() {
        return identity;
    }

    /** Type, device, inode, size and mtime of the descriptor now. */
    public FileIdentity stat() throws FileAccessException {
        return FileIdentity.ofDescriptor(fd);
    }

    /** The open file as a channel (positional reads and writes, {@code OS.map}); closed by {@link #close()}. */
    public FileChannel channel() {
        return channel;
    }

    /** The open descriptor, for native calls; valid until {@link #close()}. */
    public int fd() {
        return fd;
    }

    /** Up to {@code length} bytes from offset 0; fewer only when the file is shorter. */
    public byte[] read(int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                break;
            }
        }
        byte[] read = new byte[buffer.position()];
        buffer.flip().get(read);
        return read;
    }

    /** {@code fdatasync}: the written data (and pages dirtied through a shared mapping) on stable storage. */
    public void datasync() throws FileAccessException {
        if (Posix.libc().fdatasync(fd) != 0) {
            throw FileAccessException.of(Posix.errno(), "fdatasync failed", null);
        }
    }

    /** Sets the modification time through the descriptor, leaving the access time alone. */
    public void setMtime(long seconds, int nanos) throws FileAccessException {
        if (Posix.libc().futimens(fd, new long[] {0, UTIME_OMIT, seconds, nanos}) != 0) {
            throw FileAccessException.of(Posix.errno(), "futimens failed", null);
        }
    }

    /** Closes the descriptor; safe to call twice. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }
}
