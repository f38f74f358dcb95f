package io.headpatch.worker.io;

import io.headpatch.worker.io.FileAccessException.Kind;

import com.sun.management.UnixOperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * A regular file opened from its root's descriptor without following a link on any component ({@link BeneathOpen}:
 * {@code openat2} in one call, else the {@link Descent}), {@code O_NONBLOCK} so that a FIFO swapped in is never
 * waited on, its type and identity read from the open descriptor. Everything after, reading, writing, mapping,
 * syncing and setting the mtime, goes through this one descriptor, never through the path again.
 *
 * <p>The seam for writers: {@link #read}, {@link #write} (positional I/O) and {@link #fd()} (native calls such as
 * {@code mmap}); this owns the descriptor, and {@link #close()} closes it.
 */
public final class ConfinedFile implements AutoCloseable {

    /** {@code futimens}: leave this timestamp as it is. */
    private static final long UTIME_OMIT = (1L << 30) - 2L;

    /** Descriptors kept open from planning to writing: at most half the process's limit, however wide the batches. */
    private static final Semaphore KEPT = new Semaphore(keptLimit());

    private final RootedPath file;
    private final int fd;
    private final FileIdentity identity;
    private final boolean writable;
    /** Whether this holds one of the {@link #KEPT} permits, given back on close. */
    private boolean kept;
    private boolean closed;

    ConfinedFile(RootedPath file, int fd, FileIdentity identity, boolean writable) {
        this.file = file;
        this.fd = fd;
        this.identity = identity;
        this.writable = writable;
    }

    /** Opens a regular file for reading only. */
    public static ConfinedFile openForReading(RootedPath file) throws FileAccessException {
        return BeneathOpen.open(file, false);
    }

    /** Opens a regular file for reading and writing; never creates it. */
    public static ConfinedFile openForWriting(RootedPath file) throws FileAccessException {
        return BeneathOpen.open(file, true);
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
        try {
            try {
                opened = BeneathOpen.open(file, true);
            } catch (FileAccessException e) {
                if (e.errno() != Posix.EROFS && e.errno() != Posix.EACCES && e.errno() != Posix.EPERM && e.errno() != Posix.ETXTBSY) {
                    throw e;
                }
                opened = BeneathOpen.open(file, false);
            }
            opened.kept = true;
            return opened;
        } finally {
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

    /**
     * Checks that the file's path, resolved again from the root without following a link, still names this
     * descriptor's file (a folder swapped for a link, or the file replaced or removed since this was opened, throws).
     *
     * @return the file's identity now: the same inode as this descriptor's, read through its path
     */
    public FileIdentity confirmReachable() throws FileAccessException {
        FileIdentity seen = BeneathOpen.reach(file);
        if (seen.type() != FileIdentity.Type.REGULAR) {
            throw new FileAccessException(Kind.NOT_REGULAR, 0, seen.type().reason());
        }
        if (!seen.sameFile(identity)) {
            throw new FileAccessException(Kind.CHANGED, 0, seen.differenceFrom(identity));
        }
        return seen;
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

    /** The open descriptor, for native calls; valid until {@link #close()}. */
    public int fd() {
        return fd;
    }

    /** Up to {@code length} bytes from offset 0, with one {@code pread}; fewer only when the file is shorter. */
    public byte[] read(int length) throws FileAccessException {
        byte[] buffer = new byte[length];
        int filled = 0;
        while (filled < length) {
            byte[] into = filled == 0 ? buffer : new byte[length - filled];
            long count = Posix.libc().pread(fd, into, length - filled, filled);
            if (count < 0) {
                int errno = Posix.errno();
                if (errno == Posix.EINTR) {
                    continue;
                }
                throw FileAccessException.of(errno, "pread failed", null);
            }
            if (count == 0) {
                break;
            }
            if (into != buffer) {
                System.arraycopy(into, 0, buffer, filled, (int) count);
            }
            filled += (int) count;
        }
        return filled == length ? buffer : Arrays.copyOf(buffer, filled);
    }

    /** Writes {@code bytes} at offset 0 with one {@code pwrite} (more only if the kernel takes part of them). */
    public void write(byte[] bytes) throws FileAccessException {
        int written = 0;
        while (written < bytes.length) {
            byte[] from = written == 0 ? bytes : Arrays.copyOfRange(bytes, written, bytes.length);
            long count = Posix.libc().pwrite(fd, from, from.length, written);
            if (count < 0) {
                int errno = Posix.errno();
                if (errno == Posix.EINTR) {
                    continue;
                }
                throw FileAccessException.of(errno, "pwrite failed", null);
            }
            written += (int) count;
        }
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
                // Never retried, not even after EINTR: Linux has released the descriptor whatever close returns.
                if (Posix.libc().close(fd) != 0) {
                    throw FileAccessException.of(Posix.errno(), "close failed", null);
                }
            } finally {
                if (kept) {
                    KEPT.release();
                }
            }
        }
    }
}
