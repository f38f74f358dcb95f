package io.headpatch.job;

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
 * can be restarted with remote workers and the other way round. Also the one home of the defaults
 * and of the settings derived from them (pool size, lease floor): every command takes them from here.
 * Validated once, when built; a record, so sealed after that.
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

    public static final int DEFAULT_PARTITIONS = 8;
    /** Partitions worked at once, by a launch and by each worker process. */
    public static final int DEFAULT_THREADS = 4;
    /**
     * Files per chunk: each chunk pays two commits and Spring Batch's bookkeeping, so bigger chunks cost less per file
     * (perf/README.md: 1,000 to 4,000 measure alike); a crash re-runs at most one, and a chunk holds a descriptor
     * per file (and a mapping, in MMAP mode) while it syncs, so threads × chunk stays well within the open-file limit.
     */
    public static final int DEFAULT_CHUNK = 2_000;
    /** How often a running execution and a worker process beat in the database. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** Heartbeats a lease must cover, so that one late beat on a busy machine never fails a live worker. */
    public static final int LEASE_HEARTBEATS = 3;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofHours(24);
    /**
     * Connections besides the partition threads': the launch, the progress poller, the heartbeat, an incremental scan's
     * baseline reader, slack.
     */
    public static final int BASE_POOL_SIZE = 6;

    public PatchJobSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(remoteTimeout, "remoteTimeout");
        Objects.requireNonNull(workerName, "workerName");
        Objects.requireNonNull(workerId, "workerId");
        allowedRoots = List.copyOf(allowedRoots);
        Objects.requireNonNull(observations, "observations");
        Duration minimumLease = HEARTBEAT.multipliedBy(LEASE_HEARTBEATS);
        if (lease.compareTo(minimumLease) < 0) {
            throw new JobRequestException(JobRequestException.Problem.INPUT, "lease=" + lease.toSeconds()
                    + "s must be at least " + LEASE_HEARTBEATS + " heartbeats (" + minimumLease.toSeconds() + "s)");
        }
        if (remoteTimeout.isNegative() || remoteTimeout.isZero()) {
            throw new JobRequestException(JobRequestException.Problem.INPUT, "remoteTimeout=" + remoteTimeout + " must be positive");
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

    /**
     * A worker process that may touch only the files under {@code allowedRoots} (absolute; at least one);
     * {@code name} null or blank means host/pid.
     */
    public static PatchJobSettings worker(String name, Duration lease, List<Path> allowedRoots) {
        if (allowedRoots.isEmpty() || allowedRoots.stream().anyMatch(root -> !root.isAbsolute())) {
            throw new IllegalArgumentException("allowedRoots=" + allowedRoots + " must be absolute folders, at least one");
        }
        String shown = name == null || name.isBlank() ? HostIdentity.worker() : name;
        return new PatchJobSettings(false, lease, DEFAULT_REMOTE_TIMEOUT, shown, processId(shown), allowedRoots, ObservationRegistry.NOOP);
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

    /**
     * Connections a process running {@code threads} partitions at once needs: two per partition thread (the chunk's
     * transaction and the journal's, committed on its own inside it) and {@link #BASE_POOL_SIZE}.
     */
    public static int poolSize(int threads) {
        return poolSize(threads, 0);
    }

    /** As {@link #poolSize(int)}, plus {@code held} connections the caller keeps for itself while the job runs (a schedule's lock). */
    public static int poolSize(int threads, int held) {
        return 2 * threads + BASE_POOL_SIZE + held;
    }
}
