package io.headpatch.worker.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * What a file is, from one {@code statx}: its type, device and inode (which file), size, mtime and ctime (which
 * content), and its hard links. Taken from an open descriptor wherever a decision follows, never from a path that
 * may since name another file.
 *
 * @param device      {@code major << 32 | minor} of the filesystem's device
 * @param mtimeNanos  nanoseconds within {@code mtimeSeconds}
 * @param ctimeNanos  the status change time in nanoseconds since the epoch: only the kernel sets it (any write,
 *                    chmod, link or rename of the inode moves it), so a rewrite that restores the mtime still moves it
 * @param links       how many names the inode has: more than one means it is reachable from outside the root too
 */
public record FileIdentity(Type type, long device, long inode, long size, long mtimeSeconds, int mtimeNanos, long ctimeNanos,
                           int links) {

    /** The file types headpatch tells apart. */
    public enum Type {
        REGULAR("regular file"),
        DIRECTORY("directory"),
        SYMLINK("symbolic link (not followed)"),
        OTHER("not a regular file (FIFO, device or socket)");

        private final String reason;

        Type(String reason) {
            this.reason = reason;
        }

        /** The reason given when a file of this type is NOT_REGULAR. */
        public String reason() {
            return reason;
        }
    }

    private static final int S_IFMT = 0xF000;
    private static final int S_IFREG = 0x8000;
    private static final int S_IFDIR = 0x4000;
    private static final int S_IFLNK = 0xA000;

    /** Of a path, not following a final link (links in its folders are followed): what the scan records of a file it lists. */
    public static FileIdentity of(Path path) throws FileAccessException {
        byte[] statx = new byte[Posix.STATX_SIZE];
        if (Posix.libc().statx(Posix.AT_FDCWD, Posix.name(path), Posix.AT_SYMLINK_NOFOLLOW,
                Posix.STATX_BASIC_STATS, statx) != 0) {
            throw FileAccessException.of(Posix.errno(), "stat failed", path.getFileName().toString());
        }
        return parse(statx);
    }

    /** Of an open descriptor. */
    static FileIdentity ofDescriptor(int fd) throws FileAccessException {
        return at(fd, Posix.emptyPath(), Posix.AT_EMPTY_PATH);
    }

    /** Of {@code name} in the folder open as {@code dirfd}, not following a link. */
    static FileIdentity at(int dirfd, byte[] name, int flags) throws FileAccessException {
        byte[] statx = new byte[Posix.STATX_SIZE];
        if (Posix.libc().statx(dirfd, name, flags | Posix.AT_SYMLINK_NOFOLLOW, Posix.STATX_BASIC_STATS, statx) != 0) {
            throw FileAccessException.of(Posix.errno(), "stat failed", null);
        }
        return parse(statx);
    }

    private static FileIdentity parse(byte[] statx) {
        ByteBuffer fields = ByteBuffer.wrap(statx).order(ByteOrder.nativeOrder());
        int mode = fields.getShort(28) & 0xFFFF;
        Type type = switch (mode & S_IFMT) {
            case S_IFREG -> Type.REGULAR;
            case S_IFDIR -> Type.DIRECTORY;
            case S_IFLNK -> Type.SYMLINK;
            default -> Type.OTHER;
        };
        long device = device(fields);
        long ctimeNanos = fields.getLong(96) * 1_000_000_000L + (fields.getInt(104) & 0xFFFF_FFFFL);
        return new FileIdentity(type, device, fields.getLong(32), fields.getLong(40), fields.getLong(112), fields.getInt(120),
                ctimeNanos, fields.getInt(16));
    }

    /** A {@code statx} buffer's {@code stx_dev_major << 32 | stx_dev_minor}: filled whatever the mask asked. */
    static long device(ByteBuffer statx) {
        return (long) statx.getInt(136) << 32 | (statx.getInt(140) & 0xFFFF_FFFFL);
    }

    public long mtimeMillis() {
        return mtimeSeconds * 1000 + mtimeNanos / 1_000_000;
    }

    /** Which file this is: its device and inode. */
    public FileKey key() {
        return new FileKey(device, inode);
    }

    /** Same device and inode: the same file, whatever its content. */
    public boolean sameFile(FileIdentity other) {
        return other != null && device == other.device && inode == other.inode;
    }

    /** The reason a file with more than one hard link is not written, e.g. "2 hard links"; null with one. */
    public String hardLinks() {
        return links > 1 ? links + " hard links" : null;
    }

    /**
     * How this differs from {@code expected} ({@code name=value}), or null when it is the same file, size, mtime,
     * ctime and link count: what the check before a write compares, both read from descriptors.
     */
    public String differenceFrom(FileIdentity expected) {
        if (!sameFile(expected)) {
            return "file replaced: device=" + device + " inode=" + inode + " expected device=" + expected.device
                    + " inode=" + expected.inode;
        }
        if (size != expected.size) {
            return "size=" + size + " expected=" + expected.size;
        }
        if (mtimeSeconds != expected.mtimeSeconds || mtimeNanos != expected.mtimeNanos) {
            return "mtime=" + mtimeSeconds + "." + String.format("%09d", mtimeNanos) + " expected="
                    + expected.mtimeSeconds + "." + String.format("%09d", expected.mtimeNanos);
        }
        if (links != expected.links) {
            return "links=" + links + " expected=" + expected.links;
        }
        if (ctimeNanos != expected.ctimeNanos) {
            return "ctime=" + ctimeNanos + " expected=" + expected.ctimeNanos + " (rewritten, or its status changed)";
        }
        return null;
    }
}
