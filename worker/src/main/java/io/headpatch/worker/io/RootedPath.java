package io.headpatch.worker.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A file named by the root folder it must stay under and its path below that root. It is reached from the root's
 * descriptor one component at a time, never following a link on any component ({@link ConfinedFile}), so a folder
 * swapped for a link after the scan can never send a read or write outside the root.
 *
 * @param root          an absolute folder, opened as named (the operator chose it, links in it included); kept
 *                      normalized, the form {@link RootDescriptors} holds roots by
 * @param relative      a normalized path below {@code root}, at least one component, no {@code ..}
 * @param oneFilesystem whether the file must also be on the root's mount ({@code --one-filesystem}): a mount point
 *                      on the way below the root is then not crossed either
 */
public record RootedPath(Path root, Path relative, boolean oneFilesystem) {

    public RootedPath {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(relative, "relative");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("root=" + root + " is not absolute");
        }
        root = root.normalize();
        if (relative.isAbsolute() || relative.toString().isEmpty() || !relative.normalize().equals(relative)
                || relative.startsWith("..")) {
            throw new IllegalArgumentException("relative=" + relative + " is not a path below root=" + root);
        }
    }

    /** A file that may lie on any file system below its root. */
    public RootedPath(Path root, Path relative) {
        this(root, relative, false);
    }

    /** A file below the folder that holds it: only the file's own name is protected. For tools without roots. */
    public static RootedPath of(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return new RootedPath(absolute.getParent(), absolute.getFileName());
    }

    /**
     * A file below the deepest of {@code roots} that holds it; a file under none is below the filesystem root,
     * so that no component of its path is followed either.
     */
    public static RootedPath under(Path file, List<Path> roots) {
        return under(file, roots, false);
    }

    /**
     * As {@link #under(Path, List)}, kept on its root's file system when {@code oneFilesystem}; a file under none of
     * {@code roots} (a manifest without roots) has no chosen root whose file system it could keep to.
     */
    public static RootedPath under(Path file, List<Path> roots, boolean oneFilesystem) {
        Path absolute = file.toAbsolutePath().normalize();
        Path best = null;
        for (Path root : roots) {
            Path normalized = root.toAbsolutePath().normalize();
            if (absolute.startsWith(normalized) && !absolute.equals(normalized)
                    && (best == null || normalized.getNameCount() > best.getNameCount())) {
                best = normalized;
            }
        }
        Path root = best != null ? best : absolute.getRoot();
        return new RootedPath(root, root.relativize(absolute), oneFilesystem && best != null);
    }

    public Path path() {
        return root.resolve(relative);
    }

    @Override
    public String toString() {
        return path().toString();
    }
}
