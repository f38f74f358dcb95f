package io.headpatch.job.patch;

import io.headpatch.worker.plan.FilePlan;
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

    @Override
    public PlannedFile process(FileRow row) {
        Path path = Path.of(row.path());
        FilePlan plan = switch (row.kind()) {
            case 'f' -> planner.plan(path, new ScannedFacts(orUnknown(row.size()), orUnknown(row.mtimeMillis())), row.journal());
            case 'l' -> skipped(path, Outcome.NOT_REGULAR, "symbolic link (not followed)");
            case 'd' -> skipped(path, Outcome.NOT_REGULAR, "directory");
            case 'o' -> skipped(path, Outcome.NOT_REGULAR, "not a regular file (FIFO, device or socket)");
            default -> skipped(path, Outcome.IO_ERROR, row.note());
        };
        return new PlannedFile(row, plan);
    }

    private static FilePlan skipped(Path path, Outcome outcome, String reason) {
        return new FilePlan(path, outcome, reason, null, null, -1, null);
    }

    private static long orUnknown(Long value) {
        return value == null ? ScannedFacts.UNKNOWN : value;
    }
}
