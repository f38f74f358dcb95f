package io.headpatch.job.scan;

import io.headpatch.job.ScanRequest;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Include/exclude globs and the size range. A glob with a slash is matched against the path
 * relative to its root ({@code cache/**}); one without matches the file name at any depth
 * ({@code *.gz}, the same as {@code **}{@code /*.gz}). A {@code **}{@code /} matches zero or more
 * folders, so {@code **}{@code /*.gz} also takes {@code a.gz} right under the root (the JDK's glob
 * wants at least one folder there). A folder matched by an exclude is not walked into, and
 * {@code tmp/**} excludes the folder {@code tmp} itself.
 */
final class ScanFilter {

    private final List<Glob> includes;
    private final List<Glob> excludes;
    private final Long minSize;
    private final Long maxSize;

    ScanFilter(ScanRequest request) {
        this.includes = request.includes().stream().map(Glob::of).toList();
        this.excludes = request.excludes().stream().map(Glob::of).toList();
        this.minSize = request.minSize();
        this.maxSize = request.maxSize();
    }

    boolean excludesDirectory(Path relative) {
        return excludes.stream().anyMatch(g -> g.matchesFolder(relative));
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

    /**
     * One user glob as the JDK globs it means: every {@code **}{@code /} either kept or dropped
     * (so it matches zero folders too), and for folders the glob without a trailing {@code /**}.
     */
    private record Glob(boolean wholePath, List<PathMatcher> files, List<PathMatcher> folders) {

        private static final String ANY_FOLDERS = "**/";
        private static final String EVERYTHING_BELOW = "/**";
        /** Expansions double with each {@code **}{@code /}; beyond this many the rest keep the JDK's meaning. */
        private static final int MAX_EXPANDED = 4;

        static Glob of(String glob) {
            List<String> variants = new ArrayList<>();
            expand(glob, 0, 0, variants);
            List<String> folderVariants = new ArrayList<>(variants);
            for (String variant : variants) {
                if (variant.endsWith(EVERYTHING_BELOW) && variant.length() > EVERYTHING_BELOW.length()) {
                    folderVariants.add(variant.substring(0, variant.length() - EVERYTHING_BELOW.length()));
                }
            }
            return new Glob(glob.contains("/"), matchers(variants), matchers(folderVariants));
        }

        /** Adds {@code glob} with each {@code **}{@code /} at a folder boundary from {@code from} on kept and dropped. */
        private static void expand(String glob, int from, int expanded, List<String> variants) {
            int at = glob.indexOf(ANY_FOLDERS, from);
            while (at > 0 && glob.charAt(at - 1) != '/') {
                at = glob.indexOf(ANY_FOLDERS, at + 1);
            }
            if (at < 0 || expanded == MAX_EXPANDED) {
                variants.add(glob);
                return;
            }
            expand(glob, at + ANY_FOLDERS.length(), expanded + 1, variants);
            expand(glob.substring(0, at) + glob.substring(at + ANY_FOLDERS.length()), at, expanded + 1, variants);
        }

        private static List<PathMatcher> matchers(List<String> globs) {
            return globs.stream().distinct().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        }

        boolean matches(Path relative) {
            return matchesAny(files, relative);
        }

        boolean matchesFolder(Path relative) {
            return matchesAny(folders, relative);
        }

        private boolean matchesAny(List<PathMatcher> matchers, Path relative) {
            Path subject = wholePath ? relative : relative.getFileName();
            return subject != null && matchers.stream().anyMatch(m -> m.matches(subject));
        }
    }
}
