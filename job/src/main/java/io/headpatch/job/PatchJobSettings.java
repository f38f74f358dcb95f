package io.headpatch.job;

import io.headpatch.job.support.HostIdentity;
import io.micrometer.observation.ObservationRegistry;

import java.time.Duration;
import java.util.Objects;

/**
 * How this process runs partitions: on local threads, or by sending them to worker processes
 * through the database ({@code remote}). Fixed per process, not per job, so a job launched locally
 * can be restarted with remote workers and the other way round.
 *
 * @param lease         how long a worker may miss heartbeats before its partitions are marked FAILED
 * @param remoteTimeout the longest a manager waits for its partitions, whatever happens
 * @param workerName    how this process appears in reports (host/pid by default)
 * @param observations  where Spring Batch's job, step and chunk observations go (metrics); NOOP by default
 */
public record PatchJobSettings(boolean remote, Duration lease, Duration remoteTimeout, String workerName,
                               ObservationRegistry observations) {

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofHours(24);

    public PatchJobSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(remoteTimeout, "remoteTimeout");
        Objects.requireNonNull(workerName, "workerName");
        Objects.requireNonNull(observations, "observations");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease=" + lease + " must be positive");
        }
    }

    public static PatchJobSettings local() {
        return new PatchJobSettings(false, DEFAULT_LEASE, DEFAULT_REMOTE_TIMEOUT, HostIdentity.worker(), ObservationRegistry.NOOP);
    }

    public static PatchJobSettings remoteManager(Duration lease, Duration timeout) {
        return new PatchJobSettings(true, lease, timeout, HostIdentity.worker(), ObservationRegistry.NOOP);
    }

    public static PatchJobSettings worker(String name, Duration lease) {
        return new PatchJobSettings(false, lease, DEFAULT_REMOTE_TIMEOUT, name, ObservationRegistry.NOOP);
    }

    /** The same settings, with job and step observations (and so metrics) going to {@code observations}. */
    public PatchJobSettings withObservations(ObservationRegistry observations) {
        return new PatchJobSettings(remote, lease, remoteTimeout, workerName, observations);
    }
}
