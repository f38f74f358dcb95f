package io.headpatch.job.scan;

import io.headpatch.job.ScanInputException;
import io.headpatch.job.ScanRequest;
import io.headpatch.worker.io.FileAccessException;
import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.PathText;
import io.headpatch.worker.plan.HeaderReader;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Lists the files of a {@link ScanRequest} without following links: a link is listed as a link
 * (it will be NOT_REGULAR), never walked into. Nothing is dropped silently: an entry it cannot read
 * becomes a row with a reason. Names are kept as bytes ({@link PathText}), so a name that is not valid
 * in the locale or in UTF-8 is listed, opened and reported like any other.
 */
public final class FileScanner {

    private final ScanRequest request;
    private final ScanFilter filter;

    public FileScanner(ScanRequest request) {
        this.request = request;
        this.filter = new ScanFilter(request);
    }

    public void scan(Consumer<ScannedEntry> sink) throws IOException {
        if (request.manifest() != null) {
            scanManifest(sink);
        } else {
            for (Path root : request.roots()) {
                walk(root, sink);
            }
        }
    }

    private void walk(Path root, Consumer<ScannedEntry> sink) throws IOException {
        FileStore rootStore = request.oneFilesystem() ? Files.getFileStore(root) : null;
        FileTreeWalk.walk(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                if (filter.excludesDirectory(root.relativize(dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (rootStore != null && !rootStore.equals(Files.getFileStore(dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path relative = root.relativize(file);
                if (filter.accepts(relative, attrs.isRegularFile() ? attrs.size() : null)) {
                    sink.accept(entry(file, attrs));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (filter.accepts(root.relativize(file), null)) {
                    sink.accept(new ScannedEntry(PathText.of(file), null, null, FileKind.UNREADABLE, HeaderReader.reason(e)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Streams the manifest: one name per line (or per NUL when it holds one), taken byte for byte. */
    private void scanManifest(Consumer<ScannedEntry> sink) throws IOException {
        byte[] folder = PathText.bytes(request.manifest().toAbsolutePath().getParent());
        ManifestLines.forEach(request.manifest(), name -> listed(absolute(folder, name), sink));
    }

    /** A manifest name as an absolute path's bytes: a relative name is below the manifest's folder. */
    private static byte[] absolute(byte[] folder, byte[] name) {
        if (name[0] == '/') {
            return name;
        }
        byte[] absolute = Arrays.copyOf(folder, folder.length + 1 + name.length);
        absolute[folder.length] = '/';
        System.arraycopy(name, 0, absolute, folder.length + 1, name.length);
        return absolute;
    }

    private void listed(byte[] name, Consumer<ScannedEntry> sink) {
        Path named = PathText.path(name).normalize();
        Path root = confiningRoot(named);
        // Stored as reached later: below its root with the links of its folders resolved now, so that from here on
        // no link is followed on any component.
        Path path = canonical(named, root);
        Path relative = root == null ? path.getFileName() : root.relativize(path);
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (filter.accepts(relative, attrs.isRegularFile() ? attrs.size() : null)) {
                sink.accept(entry(path, attrs));
            }
        } catch (NoSuchFileException e) {
            // Listed as it is: the patch step records it as GONE, so the report shows it.
            sink.accept(new ScannedEntry(PathText.of(path), null, null, FileKind.MISSING, "no such file at scan time"));
        } catch (IOException e) {
            sink.accept(new ScannedEntry(PathText.of(path), null, null, FileKind.UNREADABLE, HeaderReader.reason(e)));
        }
    }

    /** The path with its folders' links resolved, below {@code root} as the operator named it (when there is one). */
    private static Path canonical(Path path, Path root) {
        Path real = realParent(path);
        if (root == null) {
            return real;
        }
        Path realRoot = realPath(root);
        return real.startsWith(realRoot) ? root.resolve(realRoot.relativize(real)) : path;
    }

    /** The root a manifest path lies in; refuses one outside every root (links in its folders resolved). */
    private Path confiningRoot(Path path) {
        if (request.roots().isEmpty()) {
            return null;
        }
        Path resolved = realParent(path);
        for (Path root : request.roots()) {
            if (resolved.startsWith(realPath(root))) {
                return root;
            }
        }
        throw new ScanInputException("manifest path is outside the given roots: " + PathText.of(path));
    }

    private static Path realParent(Path path) {
        Path parent = path.getParent();
        return parent == null ? path : realPath(parent).resolve(path.getFileName());
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    private static ScannedEntry entry(Path file, BasicFileAttributes attrs) {
        String name = PathText.of(file);
        FileKind kind = FileKind.of(attrs);
        FileIdentity identity = kind == FileKind.REGULAR ? identity(file, attrs) : null;
        if (identity != null && identity.type() == FileIdentity.Type.REGULAR) {
            // Size, mtime, device, inode and ctime from one statx: they describe one and the same file.
            return new ScannedEntry(name, identity.size(), identity.mtimeMillis(), kind, null, identity.device(), identity.inode(),
                    identity.ctimeNanos());
        }
        return new ScannedEntry(name, attrs.size(), attrs.lastModifiedTime().toMillis(), kind, null);
    }

    /**
     * The identity compared with the descriptor opened for planning, and by incremental launches with their baseline:
     * the walk's own statx, else one more; null if the file went meanwhile (then it is never taken for unchanged).
     */
    private static FileIdentity identity(Path file, BasicFileAttributes attrs) {
        if (attrs instanceof FileTreeWalk.Statx statx) {
            return statx.identity();
        }
        try {
            return FileIdentity.of(file);
        } catch (FileAccessException e) {
            return null;
        }
    }
}
