package io.headpatch.worker.io;

import io.headpatch.worker.io.FileAccessException.Kind;

import com.sun.management.UnixOperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

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

    /** Descriptors kept open from planning to writing: at most half the process's limit, however wide the batches. */
    private static final Semaphore KEPT = new Semaphore(keptLimit());

    private final RootedPath file;
    private final int fd;
    private final FileChannel channel;
    private final FileIdentity identity;
    private final boolean writable;
    /** Whether this holds one of the {@link #KEPT} permits, given back on close. */
    private boolean kept;
    private boolean closed;

    private ConfinedFile(RootedPath file, int fd, FileChannel channel, FileIdentity identity, boolean writable) {
        this.file = file;
        this.fd = fd;
        this.channel = channel;
        this.identity = identity;
        this.writable = writable;
    }

    /** Opens a regular file for reading only. */
    public static ConfinedFile openForReading(RootedPath file) throws FileAccessException {
        return open(file, false);
    }

    /** Opens a regular file for reading and writing; never creates it. */
    public static ConfinedFile openForWriting(RootedPath file) throws FileAccessException {
        return open(file, true);
    }

    /**
     * Opens a regular file to be planned and then maybe written through the same descriptor, kept open in between:
     * for reading and writing, or for reading only where writing is refused (read-only filesystem, permissions, a
     * running program), so that it can still be planned; see {@link #writable()}.
     *
     * @return null when half the process's descriptors are kept open already: plan through a short-lived
     *         read-only descriptor then ({@link #openForReading}), and open again to write
     */
    public static ConfinedFile openForPatching(RootedPath file) throws FileAccessException {
        if (!KEPT.tryAcquire()) {
            return null;
        }
        ConfinedFile opened = null;
        int dir = -1;
        try {
            dir = openFolder(file);
            try {
                opened = openIn(dir, file, file.relative().getFileName(), true);
            } catch (FileAccessException e) {
                if (e.errno() != Posix.EROFS && e.errno() != Posix.EACCES && e.errno() != Posix.EPERM && e.errno() != Posix.ETXTBSY) {
                    throw e;
                }
                opened = openIn(dir, file, file.relative().getFileName(), false);
            }
            opened.kept = true;
            return opened;
        } finally {
            if (dir >= 0) {
                Posix.libc().close(dir);
            }
            if (opened == null) {
                KEPT.release();
            }
        }
    }

    private static int keptLimit() {
        long limit = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 1024;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, limit / 2));
    }

    private static ConfinedFile open(RootedPath file, boolean writable) throws FileAccessException {
        int dir = openFolder(file);
        try {
            return openIn(dir, file, file.relative().getFileName(), writable);
        } finally {
            Posix.libc().close(dir);
        }
    }

    /** The descriptor of the file's folder, reached from the root one component at a time; the caller closes it. */
    private static int openFolder(RootedPath file) throws FileAccessException {
        Posix.LibC libc = Posix.libc();
        int dir = libc.open(Posix.name(file.root()), Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_CLOEXEC, 0);
        if (dir < 0) {
            int errno = Posix.errno();
            throw new FileAccessException(Kind.IO_ERROR, errno, "cannot open root=" + file.root() + ": " + Posix.reason(errno));
        }
        Path relative = file.relative();
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            int next = libc.openat(dir, Posix.name(relative.getName(i)),
                    Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, 0);
            if (next < 0) {
                FileAccessException failure = folderFailure(Posix.errno(), dir, relative.subpath(0, i + 1));
                libc.close(dir);
                throw failure;
            }
            libc.close(dir);
            dir = next;
        }
        return dir;
    }

    /**
     * Checks that the file's path, walked again from the root without following a link, still names this descriptor's
     * file: what a second open would check, without opening it again (a folder swapped for a link, or the file
     * replaced or removed since this was opened, throws).
     */
    public void confirmReachable() throws FileAccessException {
        int dir = openFolder(file);
        try {
            FileIdentity seen = FileIdentity.at(dir, Posix.name(file.relative().getFileName()), 0);
            if (seen.type() != FileIdentity.Type.REGULAR) {
                throw new FileAccessException(Kind.NOT_REGULAR, 0, seen.type().reason());
            }
            if (!seen.sameFile(identity)) {
                throw new FileAccessException(Kind.CHANGED, 0, seen.differenceFrom(identity));
            }
        } finally {
            Posix.libc().close(dir);
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
        return new ConfinedFile(file, fd, Posix.channel(fd, file.path().toString(), writable), opened, writable);
    }

    public RootedPath file() {
        return file;
    }

    /** Whether this descriptor was opened for writing. */
    public boolean writable() {
        return writable;
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

    /**
     * Closes a descriptor nothing was written through (a plan not written after all, a write refused before it
     * began): a failed close loses nothing then. Safe to call twice, and after {@link #close()}.
     */
    public void closeUnwritten() {
        try {
            close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    /** Closes the descriptor; safe to call twice. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                channel.close();
            } finally {
                if (kept) {
                    KEPT.release();
                }
            }
        }
    }
}
