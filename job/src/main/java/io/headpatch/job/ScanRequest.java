package io.headpatch.job;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * What to scan: root folders, or a manifest file of paths (confined to the roots when roots are
 * given too), with filters. Checked once, when a launch request is built ({@code LaunchRequest.Builder#build()}):
 * a request decoded from a launched job's parameters is not checked again (a remote worker need not see the manifest).
 */
public record ScanRequest(List<Path> roots, Path manifest, List<String> includes, List<String> excludes,
                          Long minSize, Long maxSize, boolean oneFilesystem) {

    public ScanRequest {
        roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        manifest = manifest == null ? null : manifest.toAbsolutePath().normalize();
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    /** @throws ScanInputException naming the first problem */
    public ScanRequest validate() {
        if (roots.isEmpty() && manifest == null) {
            throw new ScanInputException("nothing to scan: give at least one root folder or a manifest file");
        }
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) && !Files.exists(root)) {
                throw new ScanInputException("root does not exist: " + root);
            }
            if (!Files.isDirectory(root)) {
                throw new ScanInputException("root is not a folder: " + root);
            }
        }
        if (manifest != null && !Files.isReadable(manifest)) {
            throw new ScanInputException("manifest file cannot be read: " + manifest);
        }
        if (manifest != null && Files.isDirectory(manifest)) {
            throw new ScanInputException("manifest is a folder, not a file: " + manifest);
        }
        if (minSize != null && maxSize != null && minSize > maxSize) {
            throw new ScanInputException("size range is empty: min=" + minSize + " max=" + maxSize);
        }
        return this;
    }
}
