package io.headpatch.job.chunk;

import io.headpatch.worker.plan.FilePlan;

/** A manifest row and what the engine planned for it. */
public record PlannedFile(FileRow row, FilePlan plan) {
}
