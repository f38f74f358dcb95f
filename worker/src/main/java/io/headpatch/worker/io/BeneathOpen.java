package io.headpatch.worker.io;

import io.headpatch.worker.io.FileAccessException.Kind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Opens a file below its root in one system call where the kernel has {@code openat2} (Linux 5.6+): from the root's
 * descriptor, {@code RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS}, so no component, folder or file,
 * may be a link and nothing may lead out of the root (nor off its mount, adding {@code RESOLVE_NO_XDEV}, for a file
 * kept on its root's file system); {@code O_NONBLOCK} so a FIFO swapped in is never waited on.
 * The type and identity are then read once from the descriptor. Where {@code openat2} answers ENOSYS or EPERM (an old
 * kernel, a container's seccomp filter) every file takes the {@link Descent}, chosen once per process.
 *
 * <p>Any failure of the single call is retold by the {@link Descent}, which names the folder that is now a link, a
 * mount point or gone: failures are rare, and their messages stay the same whichever way the file was reached.
 */
final class BeneathOpen {

    private static final System.Logger LOG = System.getLogger(BeneathOpen.class.getName());
    private static final long RESOLVE = Posix.RESOLVE_BENEATH | Posix.RESOLVE_NO_SYMLINKS | Posix.RESOLVE_NO_MAGICLINKS;
    private static final int OPEN_HOW_SIZE = 24;
    /** {@code -Dheadpatch.openat2=off} takes the descent as if the kernel had no openat2 (tests of the fallback). */
    static final String SWITCH = "headpatch.openat2";
    private static final boolean OPENAT2 = probe();

    private BeneathOpen() {
    }

    /** Whether files are opened with {@code openat2} in this process (else by the {@link Descent}). */
    static boolean usesOpenat2() {
        return OPENAT2;
    }

    static int fileFlags(boolean writable) {
        return (writable ? Posix.O_RDWR : Posix.O_RDONLY) | Posix.O_NOFOLLOW | Posix.O_NONBLOCK | Posix.O_NOCTTY | Posix.O_CLOEXEC;
    }

    /** The regular file, opened for reading (and writing); its identity read once from the descriptor. */
    static ConfinedFile open(RootedPath file, boolean writable) throws FileAccessException {
        Root root = Root.of(file);
        try {
            if (OPENAT2) {
                int fd = openat2(root.fd, file, fileFlags(writable));
                if (fd >= 0) {
                    return checked(fd, file, writable, null);
                }
            }
            return Descent.open(root.fd, file, writable);
        } finally {
            root.close();
        }
    }

    /** What the file's path names now, not following any link, from its root: the check before a write. */
    static FileIdentity reach(RootedPath file) throws FileAccessException {
        Root root = Root.of(file);
        try {
            if (OPENAT2) {
                int path = openat2(root.fd, file, Posix.O_PATH | Posix.O_NOFOLLOW | Posix.O_CLOEXEC);
                if (path >= 0) {
                    try {
                        return FileIdentity.ofDescriptor(path);
                    } finally {
                        Posix.libc().close(path);
                    }
                }
            }
            return Descent.reach(root.fd, file);
        } finally {
            root.close();
        }
    }

    /**
     * A descriptor just opened, kept only if it is a regular file (and, when {@code seen} is given, the file seen
     * before the open); closed otherwise.
     */
    static ConfinedFile checked(int fd, RootedPath file, boolean writable, FileIdentity seen) throws FileAccessException {
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
        if (seen != null && !opened.sameFile(seen)) {
            Posix.libc().close(fd);
            throw new FileAccessException(Kind.CHANGED, 0, "path replaced while opening");
        }
        return new ConfinedFile(file, fd, opened, writable);
    }

    private static int openat2(int root, RootedPath file, int flags) {
        long resolve = file.oneFilesystem() ? RESOLVE | Posix.RESOLVE_NO_XDEV : RESOLVE;
        return Posix.libc().syscall(Posix.SYS_OPENAT2, root, Posix.name(file.relative()), how(flags, resolve), OPEN_HOW_SIZE);
    }

    /** A {@code struct open_how}: flags, mode, resolve, each a native-order u64. */
    private static byte[] how(int flags, long resolve) {
        return ByteBuffer.allocate(OPEN_HOW_SIZE).order(ByteOrder.nativeOrder())
                .putLong(flags).putLong(0).putLong(resolve).array();
    }

    private static boolean probe() {
        if (Posix.unavailableReason() != null) {
            return false;
        }
        if ("off".equals(System.getProperty(SWITCH))) {
            LOG.log(System.Logger.Level.DEBUG, SWITCH + "=off: files are reached one folder at a time");
            return false;
        }
        // The working folder with the very flags files are opened with: refused as a whole (ENOSYS, EPERM) or not at all.
        int fd = Posix.libc().syscall(Posix.SYS_OPENAT2, Posix.AT_FDCWD, Posix.name(java.nio.file.Path.of(".")),
                how(Posix.O_PATH | Posix.O_DIRECTORY | Posix.O_CLOEXEC, RESOLVE), OPEN_HOW_SIZE);
        if (fd >= 0) {
            Posix.libc().close(fd);
            LOG.log(System.Logger.Level.DEBUG, "files are opened below their roots with openat2 (one call per file)");
            return true;
        }
        int errno = Posix.errno();
        LOG.log(System.Logger.Level.DEBUG, "openat2 unavailable (" + Posix.reason(errno) + " errno=" + errno
                + "): files are reached one folder at a time");
        return false;
    }

    /** The root's descriptor: borrowed from {@link RootDescriptors} when held there, else opened for this file. */
    private record Root(RootedPath file, int fd, boolean borrowed) {

        static Root of(RootedPath file) throws FileAccessException {
            int held = RootDescriptors.borrow(file.root());
            if (held >= 0) {
                return new Root(file, held, true);
            }
            int fd = Posix.libc().open(Posix.name(file.root()), Posix.O_PATH | Posix.O_DIRECTORY | Posix.O_CLOEXEC, 0);
            if (fd < 0) {
                int errno = Posix.errno();
                throw new FileAccessException(Kind.IO_ERROR, errno, "cannot open root=" + file.root() + ": " + Posix.reason(errno));
            }
            return new Root(file, fd, false);
        }

        void close() {
            if (borrowed) {
                RootDescriptors.giveBack(file.root());
            } else {
                Posix.libc().close(fd);
            }
        }
    }
}
