package io.headpatch.worker.io;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.Out;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * {@code syncfs(2)} for {@link SyncMode#SYNCFS}, Linux only: one call writes back every dirty page of a
 * filesystem and flushes the device cache once, where an {@code fdatasync} per file flushes it per file. Also
 * tells which filesystem an open file is on ({@code statx} of the descriptor, so never a path that may have
 * changed). Reached through jnr-ffi, which chronicle-bytes brings (its posix module).
 */
final class FileSystemSync {

    /** {@code statx} of the descriptor itself: an empty path with AT_EMPTY_PATH. */
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_SIZE = 256;
    /** {@code stx_dev_major} and {@code stx_dev_minor}: fixed offsets on every architecture. */
    private static final int STATX_DEV_MAJOR = 136;
    private static final int STATX_DEV_MINOR = 140;

    private static final LibC LIBC = load();
    private static final MethodHandle CHANNEL_FD = channelFd();
    private static final MethodHandle FD_VALUE = fdValue();

    /** The C library's calls used here. */
    public interface LibC {
        int syncfs(int fd);

        int statx(int dirfd, String path, int flags, int mask, @Out byte[] buffer);
    }

    private FileSystemSync() {
    }

    /** Why SYNCFS cannot be used here, or null when it can. */
    static String unavailableReason() {
        if (LIBC == null) {
            return "sync mode SYNCFS needs Linux (syncfs and statx of its C library)";
        }
        return CHANNEL_FD == null || FD_VALUE == null
                ? "sync mode SYNCFS needs the JVM flag --add-opens=java.base/sun.nio.ch=ALL-UNNAMED" : null;
    }

    /** The device (filesystem) the open file is on. */
    static long device(FileChannel channel) throws IOException {
        byte[] statx = new byte[STATX_SIZE];
        if (LIBC.statx(fd(channel), "", AT_EMPTY_PATH, 0, statx) != 0) {
            throw new IOException("statx of the open file failed");
        }
        ByteBuffer fields = ByteBuffer.wrap(statx).order(ByteOrder.nativeOrder());
        return (long) fields.getInt(STATX_DEV_MAJOR) << 32 | (fields.getInt(STATX_DEV_MINOR) & 0xFFFF_FFFFL);
    }

    /**
     * Makes the filesystem of {@code channel} durable. False when the kernel reports a writeback error on it since
     * the channel was opened (Linux 5.8+), whichever file it hit.
     */
    static boolean syncfs(FileChannel channel) {
        return LIBC.syncfs(fd(channel)) == 0;
    }

    /** The descriptor of an open channel (also what {@link MappedHeaderWriter} maps). */
    static int fd(FileChannel channel) {
        try {
            return (int) FD_VALUE.invokeExact((FileDescriptor) CHANNEL_FD.invoke(channel));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the descriptor of " + channel, e);
        }
    }

    private static LibC load() {
        try {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            libc.syncfs(-1);
            libc.statx(-1, "", AT_EMPTY_PATH, 0, new byte[STATX_SIZE]);
            return libc;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** FileChannelImpl's descriptor: --add-opens=java.base/sun.nio.ch, one of the flags the JVM needs anyway. */
    private static MethodHandle channelFd() {
        try {
            var field = Class.forName("sun.nio.ch.FileChannelImpl").getDeclaredField("fd");
            field.setAccessible(true);
            return MethodHandles.lookup().unreflectGetter(field);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle fdValue() {
        try {
            return MethodHandles.lookup().findStatic(Class.forName("sun.nio.ch.IOUtil"), "fdVal",
                    MethodType.methodType(int.class, FileDescriptor.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
