package io.headpatch.worker.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Which mount a folder or file is on, for {@code --one-filesystem} in the {@link Descent}: the device, and the mount
 * id where the kernel tells it (5.8+), so that a bind mount counts as leaving the root's file system just as it does
 * for {@code openat2}'s {@code RESOLVE_NO_XDEV}: both ways refuse the same files.
 *
 * @param id the mount id, or {@link #UNKNOWN} on a kernel that does not give it (the device alone decides then)
 */
record Mount(long device, long id) {

    static final long UNKNOWN = -1;

    /** Of an open descriptor. */
    static Mount of(int fd) throws FileAccessException {
        return at(fd, Posix.emptyPath(), Posix.AT_EMPTY_PATH);
    }

    /** Of {@code name} in the folder open as {@code dirfd}, not following a link (a mount on it is entered). */
    static Mount at(int dirfd, byte[] name, int flags) throws FileAccessException {
        byte[] statx = new byte[Posix.STATX_SIZE];
        if (Posix.libc().statx(dirfd, name, flags | Posix.AT_SYMLINK_NOFOLLOW, Posix.STATX_MNT_ID, statx) != 0) {
            throw FileAccessException.of(Posix.errno(), "stat failed", null);
        }
        ByteBuffer fields = ByteBuffer.wrap(statx).order(ByteOrder.nativeOrder());
        long id = (fields.getInt(0) & Posix.STATX_MNT_ID) != 0 ? fields.getLong(144) : UNKNOWN;
        return new Mount(FileIdentity.device(fields), id);
    }

    /** Whether {@code other} is this same mount (by device alone where either id is unknown). */
    boolean same(Mount other) {
        return device == other.device && (id == UNKNOWN || other.id == UNKNOWN || id == other.id);
    }
}
