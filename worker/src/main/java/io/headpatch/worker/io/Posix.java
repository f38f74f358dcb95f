package io.headpatch.worker.io;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

import java.nio.file.Path;

/**
 * The Linux C library calls the JDK does not offer, each failure with its errno: descent by descriptor
 * ({@code openat} with {@code O_NOFOLLOW}, {@code O_NONBLOCK}), the identity of an open descriptor ({@code statx}),
 * positional reads and writes ({@code pread}, {@code pwrite}), the mtime set through the descriptor
 * ({@code futimens}), {@code fdatasync} and {@code syncfs}. Reached through jnr-ffi, which chronicle-core brings.
 * A descriptor is used as the number the kernel gave, never wrapped into a JDK channel: that needs JDK internals
 * whose signatures change between releases (JDK 25 broke {@code FileChannelImpl.open}).
 */
final class Posix {

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_NOCTTY = 0x100;
    static final int O_NONBLOCK = 0x800;
    static final int O_DIRECTORY = 0x10000;
    static final int O_NOFOLLOW = 0x20000;
    static final int O_CLOEXEC = 0x80000;
    static final int O_PATH = 0x200000;

    /** {@code openat2}'s {@code resolve} flags (linux/openat2.h). */
    static final long RESOLVE_NO_XDEV = 0x01;
    static final long RESOLVE_NO_MAGICLINKS = 0x02;
    static final long RESOLVE_NO_SYMLINKS = 0x04;
    static final long RESOLVE_BENEATH = 0x08;
    /** The system call's number, the same on x86-64 and arm64 (new calls share one table); glibc has no wrapper. */
    static final long SYS_OPENAT2 = 437;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EIO = 5;
    static final int ENXIO = 6;
    static final int EACCES = 13;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int ETXTBSY = 26;
    static final int ENOSPC = 28;
    static final int EROFS = 30;
    static final int ENOSYS = 38;
    static final int ELOOP = 40;

    static final int F_OFD_GETLK = 36;
    static final int F_OFD_SETLK = 37;
    static final short F_WRLCK = 1;
    static final short F_UNLCK = 2;
    static final int EINVAL = 22;
    static final int ENOLCK = 37;
    static final int EOPNOTSUPP = 95;

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_MNT_ID = 0x1000;
    static final int STATX_SIZE = 256;

    private static final byte[] EMPTY_PATH = {0};

    private static final LibC LIBC = load();
    private static final Runtime RUNTIME = LIBC == null ? null : Runtime.getRuntime(LIBC);

    /** The C library's calls used here; paths are NUL-terminated bytes in the JVM's file name encoding. */
    public interface LibC {
        @SaveError
        int open(@In byte[] path, int flags, int mode);

        @SaveError
        int openat(int dirfd, @In byte[] path, int flags, int mode);

        /** {@code syscall(SYS_openat2, dirfd, path, how, sizeof how)}: {@code how} is a {@code struct open_how}. */
        @SaveError
        int syscall(long number, int dirfd, @In byte[] path, @In byte[] how, long size);

        @SaveError
        int close(int fd);

        /** Up to {@code count} bytes at {@code offset} into {@code buffer}: the count read, 0 at end of file, -1. */
        @SaveError
        long pread(int fd, @Out byte[] buffer, long count, long offset);

        /** Up to {@code count} bytes of {@code buffer} at {@code offset}: the count written, or -1. */
        @SaveError
        long pwrite(int fd, @In byte[] buffer, long count, long offset);

        @SaveError
        int statx(int dirfd, @In byte[] path, int flags, int mask, @Out byte[] buffer);

        /** Two timespecs (seconds, nanoseconds): access time, modification time. */
        @SaveError
        int futimens(int fd, @In long[] times);

        /** {@code fcntl(fd, cmd, &flock)}: {@code flock} is a {@code struct flock} (32 bytes on x86-64 and arm64). */
        @SaveError
        int fcntl(int fd, int cmd, byte[] flock);

        @SaveError
        int fdatasync(int fd);

        @SaveError
        int syncfs(int fd);

        String strerror(int errno);
    }

    private Posix() {
    }

    /** Why descent by descriptor cannot work here, or null when it can. */
    static String unavailableReason() {
        return LIBC == null ? "headpatch needs Linux (openat, statx, futimens, syncfs of its C library)" : null;
    }

    static LibC libc() {
        if (unavailableReason() != null) {
            throw new IllegalStateException(unavailableReason());
        }
        return LIBC;
    }

    /** A path's exact bytes, NUL-terminated ({@link PathText}: never re-encoded through the locale). */
    static byte[] name(Path path) {
        byte[] encoded = PathText.bytes(path);
        byte[] terminated = new byte[encoded.length + 1];
        System.arraycopy(encoded, 0, terminated, 0, encoded.length);
        return terminated;
    }

    static byte[] emptyPath() {
        return EMPTY_PATH.clone();
    }

    /** The errno of this thread's last call through {@link #libc()}. */
    static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    /** The OS's words for an errno, e.g. "Read-only file system". */
    static String reason(int errno) {
        String text = LIBC.strerror(errno);
        return text == null ? "errno=" + errno : text;
    }

    private static LibC load() {
        try {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            libc.syncfs(-1);
            libc.statx(-1, EMPTY_PATH.clone(), AT_EMPTY_PATH, 0, new byte[STATX_SIZE]);
            return libc;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }
}
