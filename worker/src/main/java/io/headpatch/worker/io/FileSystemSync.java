package io.headpatch.worker.io;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sync calls of a batch, through each file's own descriptor: {@code fdatasync(2)}, and {@code syncfs(2)} for
 * {@link SyncMode#SYNCFS}, which writes back a whole filesystem and flushes the device cache once. An error of either
 * is the file's IO_ERROR with the OS reason. {@code syncfs} reports writeback errors only since Linux 5.8 (before, it
 * returns 0 whatever happened), so on older kernels SYNCFS syncs each file instead, and says so once.
 */
final class FileSystemSync {

    private static final System.Logger LOG = System.getLogger(FileSystemSync.class.getName());
    private static final AtomicBoolean TOLD_NO_SYNCFS = new AtomicBoolean();

    /** The calls themselves; tests replace them to inject failures. */
    interface Calls {
        Calls KERNEL = new Calls() {
            @Override
            public void fdatasync(ConfinedFile file) throws FileAccessException {
                file.datasync();
            }

            @Override
            public void syncfs(ConfinedFile file) throws FileAccessException {
                if (Posix.libc().syncfs(file.fd()) != 0) {
                    throw FileAccessException.of(Posix.errno(), "syncfs failed", null);
                }
            }
        };

        void fdatasync(ConfinedFile file) throws FileAccessException;

        void syncfs(ConfinedFile file) throws FileAccessException;
    }

    private static volatile Calls calls = Calls.KERNEL;
    private static volatile String kernelRelease = System.getProperty("os.version", "");

    private FileSystemSync() {
    }

    /** Why SYNCFS cannot be used here, or null when it can. */
    static String unavailableReason() {
        return Posix.unavailableReason();
    }

    static void fdatasync(ConfinedFile file) throws FileAccessException {
        calls.fdatasync(file);
    }

    static void syncfs(ConfinedFile file) throws FileAccessException {
        calls.syncfs(file);
    }

    /** Whether {@code syncfs} reports writeback errors here (Linux 5.8 and later); tells once when it does not. */
    static boolean syncfsReportsErrors() {
        boolean reports = reportsErrors(kernelRelease);
        if (!reports && TOLD_NO_SYNCFS.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "sync mode SYNCFS: Linux " + kernelRelease
                    + " does not report writeback errors through syncfs (5.8 and later do); syncing each file instead");
        }
        return reports;
    }

    /** Parses {@code major.minor} of a kernel release such as {@code 5.4.0-150-generic}. */
    static boolean reportsErrors(String release) {
        String[] parts = release.split("[^0-9]+", 3);
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 5 || major == 5 && minor >= 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Tests: the calls to use from now on, and the kernel release to judge syncfs by. */
    static void replaceForTests(Calls replacement, String release) {
        calls = replacement;
        kernelRelease = release;
    }

    static void restoreForTests() {
        calls = Calls.KERNEL;
        kernelRelease = System.getProperty("os.version", "");
    }
}
