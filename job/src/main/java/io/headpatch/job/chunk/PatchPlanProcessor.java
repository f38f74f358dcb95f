package io.headpatch.job.chunk;

import io.headpatch.worker.plan.FilePlan;
import io.headpatch.worker.plan.HeaderReader;
import io.headpatch.worker.plan.Outcome;
import io.headpatch.worker.plan.PatchPlanner;
import io.headpatch.worker.plan.ScannedFacts;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.nio.file.Path;

/** Plans each manifest row with the engine; rows the scan already judged never touch the disk. */
public class PatchPlanProcessor implements ItemProcessor<FileRow, PlannedFile> {

    private final PatchPlanner planner;

    public PatchPlanProcessor(PatchPlanner planner) {
        this.planner = planner;
    }

    public PatchPlanner planner() {
        return planner;
    }

    @Override
    public PlannedFile process(FileRow row) {
        Path path = Path.of(row.path());
        FilePlan plan = switch (row.kind()) {
            case REGULAR -> planner.plan(path, new ScannedFacts(orUnknown(row.size()), orUnknown(row.mtimeMillis())), row.journal());
            case SYMBOLIC_LINK -> FilePlan.skipped(path, Outcome.NOT_REGULAR, HeaderReader.SYMLINK);
            case DIRECTORY -> FilePlan.skipped(path, Outcome.NOT_REGULAR, HeaderReader.DIRECTORY);
            case OTHER -> FilePlan.skipped(path, Outcome.NOT_REGULAR, HeaderReader.OTHER);
            case UNREADABLE -> FilePlan.skipped(path, Outcome.IO_ERROR, row.note());
        };
        return new PlannedFile(row, plan);
    }

    private static long orUnknown(Long value) {
        return value == null ? ScannedFacts.UNKNOWN : value;
    }
}
