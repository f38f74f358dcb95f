package io.headpatch.ops.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lock file {@code embedded.lock} of a home: every command that uses the embedded server holds it shared while it
 * runs; stopping the server takes it exclusive, so the server never stops under a command. The operating system
 * releases a lock when its process ends, also on kill -9. Locks are per process: commands run in one JVM (the
 * console, tests) share one hold, counted.
 */
final class EmbeddedLock {

    static final String FILE = "embedded.lock";
    private static final Map<Path, Hold> HOLDS = new HashMap<>();

    private EmbeddedLock() {
    }

    /** Holds the lock shared, waiting while a stop holds it exclusive; close the result to let go. */
    static AutoCloseable holdShared(Path home) throws IOException {
        Path file = home.resolve(FILE);
        synchronized (HOLDS) {
            Hold hold = HOLDS.get(file);
            if (hold == null) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
                try {
                    hold = new Hold(file, channel, channel.lock(0, Long.MAX_VALUE, true));
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                HOLDS.put(file, hold);
            }
            hold.count++;
            return hold::release;
        }
    }

    /** The lock exclusive if no process holds it, to stop the server; empty while a command uses it. */
    static Optional<FileLock> tryExclusive(Path home) throws IOException {
        Path file = home.resolve(FILE);
        synchronized (HOLDS) {
            if (HOLDS.containsKey(file)) {
                return Optional.empty();
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                }
                return Optional.ofNullable(lock);
            } catch (OverlappingFileLockException e) {
                channel.close();
                return Optional.empty();
            }
        }
    }

    private static final class Hold {

        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;
        private int count;

        private Hold(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        private void release() throws IOException {
            synchronized (HOLDS) {
                if (--count > 0) {
                    return;
                }
                HOLDS.remove(file);
                lock.release();
                channel.close();
            }
        }
    }
}
