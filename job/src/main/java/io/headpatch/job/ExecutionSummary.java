package io.headpatch.job;

import io.headpatch.worker.plan.Outcome;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;

/**
 * One job execution as users see it: status, speed, files by outcome, partitions by state.
 *
 * @param outcomes           count per outcome name, every outcome present (zero when none)
 * @param incremental        launched with {@code --incremental}
 * @param baselineInstanceId the job instance an incremental launch compared with; null when none (every file planned)
 * @param owner              "host/pid" of the process recorded as running it; null when none was recorded
 * @param ownerGone          unfinished, and its process is gone (same host: no process with the recorded pid and
 *                           start time; another host: no heartbeat for a lease): nothing runs it, {@code restart}
 *                           recovers it; its speed is then taken up to the time it was last seen
 * @param retryOf            the execution whose failed files this one's launch ran again ({@code headpatch retry}), or null
 * @param retriedBy          the first execution of the launch that ran this one's failed files again, or null
 * @param allowHardLinks     launched with {@code --allow-hard-links}: files with more than one link were written
 */
public record ExecutionSummary(long executionId, long jobInstanceId, ExecutionStatus status, String exitCode, String exitMessage,
                               LocalDateTime startTime, LocalDateTime endTime, double filesPerSecond,
                               String specName, boolean dryRun, long filesTotal, long filesDecided,
                               Map<String, Long> outcomes, int partitionsTotal, int partitionsCompleted,
                               int partitionsFailed, boolean incremental, Long baselineInstanceId,
                               String owner, boolean ownerGone, Long retryOf, Long retriedBy, boolean allowHardLinks) {

    public boolean completed() {
        return status == ExecutionStatus.COMPLETED;
    }

    /** Files whose outcome counts against the failure limit (IO_ERROR, GONE, CHANGED_SINCE_SCAN): a retry runs them again. */
    public long failedFiles() {
        return Arrays.stream(Outcome.values()).filter(Outcome::isFailure).mapToLong(o -> outcomes.getOrDefault(o.name(), 0L)).sum();
    }
}
