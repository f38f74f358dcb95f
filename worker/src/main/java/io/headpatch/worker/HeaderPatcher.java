package io.headpatch.worker;

import io.headpatch.worker.io.HeaderBatchWriter;
import io.headpatch.worker.io.ReadOnlyFileSystemException;
import io.headpatch.worker.io.RootDescriptors;
import io.headpatch.worker.io.RootedPath;
import io.headpatch.worker.io.WriteDeadline;
import io.headpatch.worker.io.WriteDeadlinePassedException;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.io.SelectedWrites;
import io.headpatch.worker.io.WriteRequest;
import io.headpatch.worker.io.WriteResult;
import io.headpatch.worker.plan.FilePlan;
import io.headpatch.worker.plan.Outcome;
import io.headpatch.worker.plan.PatchPlanner;
import io.headpatch.worker.plan.ScannedFacts;

import java.nio.file.Path;
import java.util.List;

/**
 * The engine in one object: plans files, then writes the plans that need it as one durable batch
 * and turns each write's result into the file's final outcome. Callers that journal (the job) call
 * {@link #write} between planning and recording; tools without a journal call {@link #patch}.
 */
public final class HeaderPatcher implements AutoCloseable {

    private final PatchPlanner planner;
    private final HeaderBatchWriter writer;

    public HeaderPatcher(PatchPlanner planner, WriteOptions options) {
        this.planner = planner;
        this.writer = new HeaderBatchWriter(options);
    }

    public PatchPlanner planner() {
        return planner;
    }

    /** Plans and writes without a journal or manifest facts, each file opened once; one final plan per path, same order. */
    public List<FilePlan> patch(List<Path> paths) {
        List<RootedPath> files = paths.stream().map(RootedPath::of).toList();
        try (RootDescriptors.Hold held = RootDescriptors.hold(files.stream().map(RootedPath::root).distinct().toList())) {
            List<FilePlan> plans = files.stream().map(file -> planner.planToWrite(file, ScannedFacts.NONE, null)).toList();
            try {
                return write(plans);
            } finally {
                plans.forEach(FilePlan::close);
            }
        }
    }

    /**
     * Writes every PATCHED or REPAIRED plan as one batch (synced per the sync mode), through the descriptor it was
     * planned through where it kept one, and returns all plans in the same order, those whose write failed with the
     * outcome and reason of the failure.
     *
     * @throws ReadOnlyFileSystemException when a file's filesystem is read-only (EROFS), after the whole batch
     */
    public List<FilePlan> write(List<FilePlan> plans) {
        return write(plans, WriteDeadline.NONE);
    }

    /**
     * As {@link #write(List)}, asking {@code deadline} before each file's write.
     *
     * @throws WriteDeadlinePassedException when it passed before a file: the plans not written keep their outcome
     *                                      and nothing more is written; their descriptors are closed
     */
    public List<FilePlan> write(List<FilePlan> plans, WriteDeadline deadline) {
        WriteResult[] readOnly = new WriteResult[1];
        List<FilePlan> decided = SelectedWrites.apply(writer, deadline, plans,
                p -> p.outcome().needsWrite() ? new WriteRequest(p.file(), p.after(), p.size(), p.identity(), p.takeKept()) : null,
                (plan, result) -> {
                    if (readOnly[0] == null && result.errorClass().isSystemic()) {
                        readOnly[0] = result;
                    }
                    return afterWrite(plan, result);
                }, p -> p);
        if (readOnly[0] != null) {
            throw new ReadOnlyFileSystemException(readOnly[0]);
        }
        return decided;
    }

    private static FilePlan afterWrite(FilePlan plan, WriteResult result) {
        return switch (result.status()) {
            case WRITTEN -> plan;
            case GONE -> plan.withOutcome(Outcome.GONE, result.reason());
            case CHANGED -> plan.withOutcome(Outcome.CHANGED_SINCE_SCAN, result.reason());
            case NOT_REGULAR -> plan.withOutcome(Outcome.NOT_REGULAR, result.reason());
            case IO_ERROR -> plan.withOutcome(Outcome.IO_ERROR, result.reason());
        };
    }

    @Override
    public void close() {
        writer.close();
    }
}
