package io.headpatch.job.scan;

import io.headpatch.job.ScanRequest;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Include/exclude globs and the size range. A glob without a slash matches the file name
 * ({@code *.gz}); one with a slash matches the path relative to its root ({@code cache/**}).
 */
final class ScanFilter {

    private final List<Glob> includes;
    private final List<Glob> excludes;
    private final Long minSize;
    private final Long maxSize;

    ScanFilter(ScanRequest request) {
        this.includes = request.includes().stream().map(Glob::new).toList();
        this.excludes = request.excludes().stream().map(Glob::new).toList();
        this.minSize = request.minSize();
        this.maxSize = request.maxSize();
    }

    boolean excludesDirectory(Path relative) {
        return excludes.stream().anyMatch(g -> g.matches(relative));
    }

    /** Whether a non-directory entry belongs in the manifest; size null when not a regular file. */
    boolean accepts(Path relative, Long size) {
        if (excludes.stream().anyMatch(g -> g.matches(relative))) {
            return false;
        }
        if (!includes.isEmpty() && includes.stream().noneMatch(g -> g.matches(relative))) {
            return false;
        }
        if (size != null && minSize != null && size < minSize) {
            return false;
        }
        return size == null || maxSize == null || size <= maxSize;
    }

    private record Glob(boolean wholePath, PathMatcher matcher) {
        Glob(String glob) {
            this(glob.contains("/"), FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }

        boolean matches(Path relative) {
            Path subject = wholePath ? relative : relative.getFileName();
            return subject != null && matcher.matches(subject);
        }
    }
}
