package io.headpatch.job.chunk;

import io.headpatch.worker.io.RootDescriptors;
import io.headpatch.worker.io.RootedPath;
import io.headpatch.worker.plan.FilePlan;
import io.headpatch.worker.plan.HeaderReader;
import io.headpatch.worker.plan.Outcome;
import io.headpatch.worker.plan.PatchPlanner;
import io.headpatch.worker.plan.ScannedFacts;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * Plans each manifest row with the engine, reaching the file from its root; rows the scan already judged never
 * touch the disk. A plan that writes keeps the descriptor it was planned through for its write, which closes it
 * ({@link CrashProtocolWriter}): each file is opened once. A dry run plans through read-only descriptors. The roots'
 * folders are held open for the step (opened at its start, closed at its end), so no file opens its root again.
 * A file retried after a failure is planned from what a new open finds, never from the scan's kind or identity.
 */
public class PatchPlanProcessor implements ItemProcessor<FileRow, PlannedFile>, ItemStream {

    private final PatchPlanner planner;
    private final ManifestRoots roots;
    private final boolean dryRun;
    private RootDescriptors.Hold held;

    public PatchPlanProcessor(PatchPlanner planner, ManifestRoots roots, boolean dryRun) {
        this.planner = planner;
        this.roots = roots;
        this.dryRun = dryRun;
    }

    public PatchPlanner planner() {
        return planner;
    }

    @Override
    public void open(ExecutionContext context) {
        close();
        held = roots.hold();
    }

    @Override
    public void close() {
        if (held != null) {
            held.close();
            held = null;
        }
    }

    @Override
    public PlannedFile process(FileRow row) {
        RootedPath file = roots.locate(row.path());
        if (row.retried()) {
            return new PlannedFile(row, plan(file, ScannedFacts.NONE, row));
        }
        FilePlan plan = switch (row.kind()) {
            case REGULAR -> plan(file, new ScannedFacts(orUnknown(row.size()), orUnknown(row.mtimeMillis()),
                    orUnknown(row.device()), orUnknown(row.inode())), row);
            case SYMBOLIC_LINK -> FilePlan.skipped(file, Outcome.NOT_REGULAR, HeaderReader.SYMLINK);
            case DIRECTORY -> FilePlan.skipped(file, Outcome.NOT_REGULAR, HeaderReader.DIRECTORY);
            case OTHER -> FilePlan.skipped(file, Outcome.NOT_REGULAR, HeaderReader.OTHER);
            case MISSING -> FilePlan.skipped(file, Outcome.GONE, row.note());
            case UNREADABLE -> FilePlan.skipped(file, Outcome.IO_ERROR, row.note());
        };
        return new PlannedFile(row, plan);
    }

    private FilePlan plan(RootedPath file, ScannedFacts scanned, FileRow row) {
        return dryRun ? planner.plan(file, scanned, row.journal()) : planner.planToWrite(file, scanned, row.journal());
    }

    private static long orUnknown(Long value) {
        return value == null ? ScannedFacts.UNKNOWN : value;
    }
}
