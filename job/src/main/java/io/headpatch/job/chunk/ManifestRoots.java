package io.headpatch.job.chunk;

import io.headpatch.worker.io.PathText;
import io.headpatch.worker.io.RootDescriptors;
import io.headpatch.worker.io.RootedPath;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.sql.Array;
import java.util.Arrays;
import java.util.List;

/**
 * The roots of a manifest: each of its files is reached from the deepest root that holds it, never following a link,
 * and, when the launch said {@code --one-filesystem}, never crossing a mount point below it (in the patch step and in
 * the run's verify and rollback alike, as the manifest says).
 */
public record ManifestRoots(List<Path> roots, boolean oneFilesystem) {

    private static final String FIND = "SELECT roots, one_filesystem FROM hp_manifest WHERE manifest_id = ?";

    public static ManifestRoots of(JdbcTemplate jdbc, long manifestId) {
        return jdbc.query(FIND, rs -> {
            if (!rs.next()) {
                throw new IllegalStateException("no manifest with manifest_id=" + manifestId);
            }
            Array array = rs.getArray(1);
            return new ManifestRoots(Arrays.stream((String[]) array.getArray()).map(Path::of).toList(), rs.getBoolean(2));
        }, manifestId);
    }

    /** Keeps the roots' folders open until closed: each file is then opened from its root in one call. */
    public RootDescriptors.Hold hold() {
        return RootDescriptors.hold(roots);
    }

    /** A manifest row's path, below its root. */
    public RootedPath locate(String path) {
        return RootedPath.under(PathText.path(path), roots, oneFilesystem);
    }
}
