package io.headpatch.worker.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Root folders kept open while someone holds them, so that each file below a root is opened from the root's
 * descriptor without opening the root again (two system calls per file saved). A root nobody holds is opened per
 * file, as before.
 *
 * <p>Held for a bounded piece of work (a partition, a verify), never for the process: a root folder replaced
 * between two launches must be opened again as named. A descriptor is closed only when its last holder and its last
 * borrower have let it go, so its number is never reused under a file that is being opened from it.
 */
public final class RootDescriptors {

    private static final Map<Path, Entry> OPEN = new ConcurrentHashMap<>();

    private RootDescriptors() {
    }

    /**
     * Opens each root (as named, links in its path followed: the operator chose it) and keeps it open until the
     * returned hold is closed. A root that cannot be opened now is not held: its files report why, one by one.
     */
    public static Hold hold(Collection<Path> roots) {
        List<Path> held = new ArrayList<>();
        for (Path root : roots) {
            Path key = root.toAbsolutePath().normalize();
            if (acquire(key, true) >= 0) {
                held.add(key);
            }
        }
        return new Hold(held);
    }

    /**
     * The held descriptor of {@code root} (absolute and normalized, as a {@link RootedPath} keeps it), counted as
     * borrowed until {@link #giveBack}; -1 when nobody holds it.
     */
    static int borrow(Path root) {
        return acquire(root, false);
    }

    static void giveBack(Path root) {
        release(root);
    }

    private static int acquire(Path root, boolean open) {
        while (true) {
            Entry entry = OPEN.get(root);
            if (entry == null) {
                if (!open) {
                    return -1;
                }
                int fd = Posix.libc().open(Posix.name(root), Posix.O_PATH | Posix.O_DIRECTORY | Posix.O_CLOEXEC, 0);
                if (fd < 0) {
                    return -1;
                }
                entry = new Entry(fd);
                if (OPEN.putIfAbsent(root, entry) != null) {
                    Posix.libc().close(fd);
                    continue;
                }
                return fd;
            }
            synchronized (entry) {
                if (entry.users > 0) {
                    entry.users++;
                    return entry.fd;
                }
            }
            // Closed meanwhile by its last user: look again.
        }
    }

    private static void release(Path root) {
        Entry entry = OPEN.get(root);
        synchronized (entry) {
            if (--entry.users > 0) {
                return;
            }
            OPEN.remove(root, entry);
        }
        Posix.libc().close(entry.fd);
    }

    private static final class Entry {
        private final int fd;
        private int users = 1;

        private Entry(int fd) {
            this.fd = fd;
        }
    }

    /** Roots held open; {@link #close()} lets them go, safe to call twice. */
    public static final class Hold implements AutoCloseable {

        private final List<Path> roots;
        private boolean closed;

        private Hold(List<Path> roots) {
            this.roots = roots;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                roots.forEach(RootDescriptors::release);
            }
        }
    }
}
