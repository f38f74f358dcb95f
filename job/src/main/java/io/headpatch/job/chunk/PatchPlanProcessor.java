package io.headpatch.job.chunk;

import io.headpatch.worker.io.RootedPath;
import io.headpatch.worker.plan.FilePlan;
import io.headpatch.worker.plan.HeaderReader;
import io.headpatch.worker.plan.Outcome;
import io.headpatch.worker.plan.PatchPlanner;
import io.headpatch.worker.plan.ScannedFacts;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Plans each manifest row with the engine, reaching the file from its root; rows the scan already judged never
 * touch the disk.
 */
public class PatchPlanProcessor implements ItemProcessor<FileRow, PlannedFile> {

    private final PatchPlanner planner;
    private final ManifestRoots roots;

    public PatchPlanProcessor(PatchPlanner planner, ManifestRoots roots) {
        this.planner = planner;
        this.roots = roots;
    }

    public PatchPlanner planner() {
        return planner;
    }

    @Override
    public PlannedFile process(FileRow row) {
        RootedPath file = roots.locate(row.path());
        FilePlan plan = switch (row.kind()) {
            case REGULAR -> planner.plan(file, new ScannedFacts(orUnknown(row.size()), orUnknown(row.mtimeMillis()),
                    orUnknown(row.device()), orUnknown(row.inode())), row.journal());
            case SYMBOLIC_LINK -> FilePlan.skipped(file, Outcome.NOT_REGULAR, HeaderReader.SYMLINK);
            case DIRECTORY -> FilePlan.skipped(file, Outcome.NOT_REGULAR, HeaderReader.DIRECTORY);
            case OTHER -> FilePlan.skipped(file, Outcome.NOT_REGULAR, HeaderReader.OTHER);
            case MISSING -> FilePlan.skipped(file, Outcome.GONE, row.note());
            case UNREADABLE -> FilePlan.skipped(file, Outcome.IO_ERROR, row.note());
        };
        return new PlannedFile(row, plan);
    }

    private static long orUnknown(Long value) {
        return value == null ? ScannedFacts.UNKNOWN : value;
    }
}
