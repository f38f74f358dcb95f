package io.headpatch.worker.io;

import io.headpatch.worker.io.FileAccessException.Kind;

import java.nio.file.Path;

/**
 * Reaching a file below its root one component at a time, {@code O_NOFOLLOW} on every folder, its type checked before
 * the open (so a device or FIFO is never opened) and its identity again on the open descriptor. The way where the
 * kernel has no {@code openat2} (before 5.6, or refused by a seccomp filter), and the one that says exactly why a file
 * cannot be reached whenever {@link BeneathOpen}'s single call fails: which folder is now a link, which is gone,
 * which is a mount point leaving the root's file system.
 */
final class Descent {

    private Descent() {
    }

    /** The regular file below {@code root}, opened with {@code flags} ({@link BeneathOpen#fileFlags}). */
    static ConfinedFile open(int root, RootedPath file, boolean writable) throws FileAccessException {
        int dir = openFolder(root, file);
        try {
            byte[] name = Posix.name(file.relative().getFileName());
            FileIdentity seen = FileIdentity.at(dir, name, 0);
            if (seen.type() != FileIdentity.Type.REGULAR) {
                throw new FileAccessException(Kind.NOT_REGULAR, 0, seen.type().reason());
            }
            int fd = Posix.libc().openat(dir, name, BeneathOpen.fileFlags(writable), 0);
            if (fd < 0) {
                throw openFailure(Posix.errno());
            }
            return BeneathOpen.checked(fd, file, writable, seen);
        } finally {
            Posix.libc().close(dir);
        }
    }

    /** What the file's path names now (its identity, not following a final link), walked from {@code root}. */
    static FileIdentity reach(int root, RootedPath file) throws FileAccessException {
        int dir = openFolder(root, file);
        try {
            return FileIdentity.at(dir, Posix.name(file.relative().getFileName()), 0);
        } finally {
            Posix.libc().close(dir);
        }
    }

    /**
     * The descriptor of the file's folder, reached from the root one component at a time; the caller closes it.
     * For a file kept on its root's file system, each folder's descriptor and then the file's name are compared with
     * the root's {@link Mount}, so a mount point below the root is named and not crossed.
     */
    private static int openFolder(int root, RootedPath file) throws FileAccessException {
        Posix.LibC libc = Posix.libc();
        int dir = libc.openat(root, Posix.name(Path.of(".")), Posix.O_PATH | Posix.O_DIRECTORY | Posix.O_CLOEXEC, 0);
        if (dir < 0) {
            int errno = Posix.errno();
            throw new FileAccessException(Kind.IO_ERROR, errno, "cannot open root=" + file.root() + ": " + Posix.reason(errno));
        }
        Path relative = file.relative();
        try {
            Mount home = file.oneFilesystem() ? Mount.of(dir) : null;
            for (int i = 0; i < relative.getNameCount() - 1; i++) {
                int next = libc.openat(dir, Posix.name(relative.getName(i)),
                        Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, 0);
                if (next < 0) {
                    throw folderFailure(Posix.errno(), dir, relative.subpath(0, i + 1));
                }
                libc.close(dir);
                dir = next;
                if (home != null && !home.same(Mount.of(dir))) {
                    throw elsewhere(relative.subpath(0, i + 1));
                }
            }
            if (home != null && leaves(home, dir, relative.getFileName())) {
                throw elsewhere(relative);
            }
            return dir;
        } catch (FileAccessException e) {
            libc.close(dir);
            throw e;
        }
    }

    /**
     * Whether {@code name} in {@code dir} (a file can be a mount point too) is on another mount than {@code home};
     * not when it cannot be seen: the stat or open that follows says why (gone, say).
     */
    private static boolean leaves(Mount home, int dir, Path name) {
        try {
            return !home.same(Mount.at(dir, Posix.name(name), 0));
        } catch (FileAccessException e) {
            return false;
        }
    }

    private static FileAccessException elsewhere(Path mountPoint) {
        return new FileAccessException(Kind.CHANGED, 0, "on another file system (mount point at " + mountPoint + ")");
    }

    /** O_DIRECTORY with O_NOFOLLOW refuses a link with ENOTDIR (or ELOOP): its type says which it is. */
    private static FileAccessException folderFailure(int errno, int parent, Path folder) {
        if (errno != Posix.ELOOP && errno != Posix.ENOTDIR) {
            return FileAccessException.of(errno, "cannot open folder", folder.toString());
        }
        FileIdentity.Type type;
        try {
            type = FileIdentity.at(parent, Posix.name(folder.getFileName()), 0).type();
        } catch (FileAccessException e) {
            return e;
        }
        return new FileAccessException(Kind.CHANGED, errno, type == FileIdentity.Type.SYMLINK
                ? "folder " + folder + " is now a symbolic link (not followed)"
                : "folder " + folder + " is no longer a folder");
    }

    private static FileAccessException openFailure(int errno) {
        return switch (errno) {
            case Posix.ELOOP -> new FileAccessException(Kind.NOT_REGULAR, errno, FileIdentity.Type.SYMLINK.reason());
            case Posix.EISDIR -> new FileAccessException(Kind.NOT_REGULAR, errno, FileIdentity.Type.DIRECTORY.reason());
            case Posix.ENXIO -> new FileAccessException(Kind.NOT_REGULAR, errno, FileIdentity.Type.OTHER.reason());
            default -> FileAccessException.of(errno, "open failed", null);
        };
    }
}
