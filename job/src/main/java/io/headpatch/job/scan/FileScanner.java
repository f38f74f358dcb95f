package io.headpatch.job.scan;

import io.headpatch.worker.plan.HeaderReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Lists the files of a {@link ScanRequest} without following links: a link is listed as a link
 * (it will be NOT_REGULAR), never walked into. Nothing is dropped silently: a name the JVM cannot
 * represent, or an entry it cannot read, becomes a row with a reason.
 */
public final class FileScanner {

    /** Why a mangled name is listed but never opened: reopening it by name would miss the file. */
    static final String UNREPRESENTABLE = "file name is not valid in the JVM's file name encoding (sun.jnu.encoding="
            + System.getProperty("sun.jnu.encoding") + "); it cannot be opened by name";

    /** The attributes of the unix view (Linux) that identify a regular file; one lstat reads them all. */
    private static final String IDENTITY = "unix:isRegularFile,size,lastModifiedTime,dev,ino,ctime";

    private final ScanRequest request;
    private final ScanFilter filter;

    public FileScanner(ScanRequest request) {
        this.request = request.validate();
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
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
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
                    sink.accept(new ScannedEntry(file.toString(), null, null, 'x', HeaderReader.reason(e)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void scanManifest(Consumer<ScannedEntry> sink) throws IOException {
        byte[] content = Files.readAllBytes(request.manifest());
        String text = new String(content, StandardCharsets.UTF_8);
        String separator = text.indexOf('\0') >= 0 ? "\0" : "\n";
        for (String line : text.split(separator)) {
            String name = separator.equals("\n") ? line.strip() : line;
            if (name.isEmpty()) {
                continue;
            }
            Path path = request.manifest().getParent().resolve(name).toAbsolutePath().normalize();
            Path root = confiningRoot(path);
            Path relative = root == null ? path.getFileName() : root.relativize(path);
            try {
                BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (filter.accepts(relative, attrs.isRegularFile() ? attrs.size() : null)) {
                    sink.accept(entry(path, attrs));
                }
            } catch (NoSuchFileException e) {
                // Listed as it is: the patch step records it as GONE, so the report shows it.
                sink.accept(new ScannedEntry(path.toString(), null, null, 'f', null));
            } catch (IOException e) {
                sink.accept(new ScannedEntry(path.toString(), null, null, 'x', HeaderReader.reason(e)));
            }
        }
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
        throw new ScanInputException("manifest path is outside the given roots: " + path);
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
        String name = file.toString();
        if (name.indexOf('\uFFFD') >= 0) {
            return new ScannedEntry(name, null, null, 'x', UNREPRESENTABLE);
        }
        char kind = attrs.isRegularFile() ? 'f' : attrs.isSymbolicLink() ? 'l' : attrs.isDirectory() ? 'd' : 'o';
        if (kind == 'f') {
            ScannedEntry identified = identified(file, name);
            if (identified != null) {
                return identified;
            }
        }
        return new ScannedEntry(name, attrs.size(), attrs.lastModifiedTime().toMillis(), kind, null);
    }

    /**
     * A regular file with its identity for incremental launches (device, inode, ctime), size and mtime all
     * from one lstat, so they describe one and the same file; null when it is no longer a regular file or
     * cannot be stat'ed (then it has no identity and is never taken for unchanged).
     */
    private static ScannedEntry identified(Path file, String name) {
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(file, IDENTITY, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        if (!Boolean.TRUE.equals(unix.get("isRegularFile"))) {
            return null;
        }
        return new ScannedEntry(name, (Long) unix.get("size"), ((FileTime) unix.get("lastModifiedTime")).toMillis(), 'f', null,
                (Long) unix.get("dev"), (Long) unix.get("ino"), ((FileTime) unix.get("ctime")).to(TimeUnit.NANOSECONDS));
    }
}
