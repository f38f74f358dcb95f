package io.headpatch.job.remote;

import io.headpatch.job.ScanRequest;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.partition.PartitionRange;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import io.headpatch.worker.io.PathText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders a worker process may touch (its {@code --root}s). The database is not trusted to say
 * what a worker writes: before a partition starts, its launch's roots and every path of its range
 * must lie within them, else the partition fails with the reason and no file is opened.
 */
public final class WorkerRoots {

    private static final String PATHS = "SELECT path FROM hp_file WHERE manifest_id = ? AND file_id BETWEEN ? AND ?";

    private final List<Path> allowed;

    /** @param allowed absolute folders */
    public WorkerRoots(List<Path> allowed) {
        this.allowed = allowed.stream().map(Path::normalize).toList();
    }

    /** Null when the partition may run here; else why not (the first root or path outside, or a root not seen). */
    String refusal(StepExecution step, JdbcTemplate jdbc) {
        ScanRequest scan = PatchJobParameters.decode(step.getJobParameters()).scan();
        for (Path root : scan.roots()) {
            String outside = outside(root.toString());
            if (outside != null) {
                return "root " + outside;
            }
            if (!Files.isDirectory(root)) {
                return "cannot see root " + root;
            }
        }
        Path manifest = scan.manifest();
        if (scan.roots().isEmpty() && manifest != null && !Files.isDirectory(manifest.getParent())) {
            return "cannot see the manifest's folder " + manifest.getParent();
        }
        PartitionRange range = PartitionRange.of(step);
        List<String> paths = new ArrayList<>(1);
        jdbc.query(PATHS, rs -> {
            if (paths.isEmpty()) {
                String outside = outside(rs.getString(1));
                if (outside != null) {
                    paths.add(outside);
                }
            }
        }, range.manifestId(), range.firstFileId(), range.lastFileId());
        return paths.isEmpty() ? null : "path " + paths.get(0);
    }

    /** Null when {@code path} is absolute, normalized and within an allowed root; else the path and the allowed roots. */
    private String outside(String path) {
        try {
            Path candidate = PathText.path(path);
            if (candidate.isAbsolute() && candidate.normalize().equals(candidate) && allowed.stream().anyMatch(candidate::startsWith)) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            // not a path at all: outside
        }
        return path + " is outside this worker's --root " + allowed;
    }
}
