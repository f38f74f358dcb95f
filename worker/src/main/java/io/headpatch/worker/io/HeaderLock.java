package io.headpatch.worker.io;

import io.headpatch.worker.io.FileAccessException.Kind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One writer per header: a non-blocking open-file-description write lock ({@code fcntl F_OFD_SETLK}) on
 * {@code [0, length)}. Every headpatch writer (patch, restart, rollback, on any host of a filesystem that shares
 * such locks) takes it before its last checks and its lease's deadline, and lets go once the header is in, so a
 * writer frozen between its checks and its write keeps the others out rather than overwriting what they wrote
 * meanwhile. A program that locks the header itself ({@code fcntl} or {@code lockf} locks) is respected likewise. A
 * filesystem without such locks is written unlocked (the lease deadline still fences it).
 */
public final class HeaderLock {

    /** {@code struct flock}: l_type, l_whence (shorts), l_start, l_len (longs at 8 and 16), l_pid; padded. */
    private static final int FLOCK_SIZE = 32;

    private HeaderLock() {
    }

    /**
     * Takes the lock through the file's descriptor (open for writing); the close lets go of it if {@link #unlock}
     * does not.
     *
     * @throws FileAccessException IO_ERROR when another open file description holds a lock on the header
     */
    public static void lock(ConfinedFile file, int length) throws FileAccessException {
        byte[] flock = flock(Posix.F_WRLCK, length);
        while (Posix.libc().fcntl(file.fd(), Posix.F_OFD_SETLK, flock) != 0) {
            int errno = Posix.errno();
            if (errno == Posix.EAGAIN || errno == Posix.EACCES) {
                throw new FileAccessException(Kind.IO_ERROR, errno,
                        "another process holds a lock on the header (a headpatch writer past its lease, a rollback, or"
                                + " another program); left untouched");
            }
            if (unsupported(errno)) {
                return;
            }
            if (errno != Posix.EINTR) {
                throw FileAccessException.of(errno, "lock failed", null);
            }
        }
    }

    /**
     * Lets go once the header is in: what a writer paused from now on still does (sync, close) changes no header. A
     * failure only leaves the lock to the close.
     */
    static void unlock(ConfinedFile file, int length) {
        Posix.libc().fcntl(file.fd(), Posix.F_OFD_SETLK, flock(Posix.F_UNLCK, length));
    }

    /**
     * Whether another writer holds the lock now: its header may still change, whatever it holds at this moment. False
     * where the filesystem has no such locks.
     */
    public static boolean heldByAnother(ConfinedFile file, int length) throws FileAccessException {
        byte[] flock = flock(Posix.F_WRLCK, length);
        while (Posix.libc().fcntl(file.fd(), Posix.F_OFD_GETLK, flock) != 0) {
            int errno = Posix.errno();
            if (unsupported(errno)) {
                return false;
            }
            if (errno != Posix.EINTR) {
                throw FileAccessException.of(errno, "lock query failed", null);
            }
        }
        return ByteBuffer.wrap(flock).order(ByteOrder.nativeOrder()).getShort(0) != Posix.F_UNLCK;
    }

    private static boolean unsupported(int errno) {
        return errno == Posix.EINVAL || errno == Posix.ENOLCK || errno == Posix.EOPNOTSUPP;
    }

    private static byte[] flock(short type, int length) {
        ByteBuffer flock = ByteBuffer.allocate(FLOCK_SIZE).order(ByteOrder.nativeOrder());
        flock.putShort(0, type).putShort(2, (short) 0).putLong(8, 0).putLong(16, length);
        return flock.array();
    }
}
