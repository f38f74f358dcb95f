package io.headpatch.job;

import io.headpatch.job.support.HostIdentity;
import io.micrometer.observation.ObservationRegistry;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * How this process runs partitions: on local threads, or by sending them to worker processes
 * through the database ({@code remote}). Fixed per process, not per job, so a job launched locally
 * can be restarted with remote workers and the other way round.
 *
 * @param lease         how long a worker may miss heartbeats before its partitions are marked FAILED
 * @param remoteTimeout the longest a manager waits for its partitions, whatever happens
 * @param workerName    how this process appears in reports (host/pid by default)
 * @param workerId      this process: its name plus a random id drawn once per process, so a process
 *                      restarted under the same name never holds its predecessor's partitions
 * @param allowedRoots  the folders a worker process may touch (its {@code --root}s); empty for a
 *                      manager, which touches the launch's own roots
 * @param observations  where Spring Batch's job, step and chunk observations go (metrics); NOOP by default
 */
public record PatchJobSettings(boolean remote, Duration lease, Duration remoteTimeout, String workerName, String workerId,
                               List<Path> allowedRoots, ObservationRegistry observations) {

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofHours(24);

    public PatchJobSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(remoteTimeout, "remoteTimeout");
        Objects.requireNonNull(workerName, "workerName");
        Objects.requireNonNull(workerId, "workerId");
        allowedRoots = List.copyOf(allowedRoots);
        Objects.requireNonNull(observations, "observations");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease=" + lease + " must be positive");
        }
    }

    public static PatchJobSettings local() {
        return new PatchJobSettings(false, DEFAULT_LEASE, DEFAULT_REMOTE_TIMEOUT, HostIdentity.worker(), processId(HostIdentity.worker()),
                List.of(), ObservationRegistry.NOOP);
    }

    public static PatchJobSettings remoteManager(Duration lease, Duration timeout) {
        return new PatchJobSettings(true, lease, timeout, HostIdentity.worker(), processId(HostIdentity.worker()), List.of(),
                ObservationRegistry.NOOP);
    }

    /** A worker process that may touch only the files under {@code allowedRoots} (absolute; at least one). */
    public static PatchJobSettings worker(String name, Duration lease, List<Path> allowedRoots) {
        if (allowedRoots.isEmpty() || allowedRoots.stream().anyMatch(root -> !root.isAbsolute())) {
            throw new IllegalArgumentException("allowedRoots=" + allowedRoots + " must be absolute folders, at least one");
        }
        return new PatchJobSettings(false, lease, DEFAULT_REMOTE_TIMEOUT, name, processId(name), allowedRoots, ObservationRegistry.NOOP);
    }

    /** The same settings, with job and step observations (and so metrics) going to {@code observations}. */
    public PatchJobSettings withObservations(ObservationRegistry observations) {
        return new PatchJobSettings(remote, lease, remoteTimeout, workerName, workerId, allowedRoots, observations);
    }

    private static String processId(String name) {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        return name + "#" + HexFormat.of().formatHex(random);
    }
}
