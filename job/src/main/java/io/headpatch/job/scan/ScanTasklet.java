package io.headpatch.job.scan;

import io.headpatch.job.ScanRequest;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.scan.ManifestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.Supplier;

/**
 * The scan step: lists the files into {@code hp_file} for this job instance. A scan that died
 * half-way is discarded and redone on restart; a completed one is kept.
 */
public final class ScanTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(ScanTasklet.class);

    /** hp_file has no foreign key to cascade from its manifest (V2); nothing else refers to a half-done scan's files. */
    private static final String DELETE_FILES = "DELETE FROM hp_file WHERE manifest_id = ?";
    private static final String DELETE_MANIFEST = "DELETE FROM hp_manifest WHERE manifest_id = ?";
    private static final String INSERT_MANIFEST = """
            INSERT INTO hp_manifest (job_instance_id, roots, manifest_file, includes, excludes, min_size, max_size,
                                     one_filesystem, spec_name, spec_hash, spec_source, job_timestamp, dry_run,
                                     retry_of_job_execution_id, allow_hard_links)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING manifest_id""";
    private static final String COMPLETE_MANIFEST =
            "UPDATE hp_manifest SET file_count = ?, scanned_at = LOCALTIMESTAMP WHERE manifest_id = ?";

    private final DataSource dataSource;
    private final Supplier<PatchJobParameters> parameters;

    public ScanTasklet(DataSource dataSource, Supplier<PatchJobParameters> parameters) {
        this.dataSource = dataSource;
        this.parameters = parameters;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        long instanceId = chunkContext.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
        PatchJobParameters params = parameters.get();
        ScanRequest request = params.scan();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Long existing = completedManifest(connection, instanceId);
            if (existing != null) {
                log.info("scan of job instance {} already complete ({} files)", instanceId, existing);
                return RepeatStatus.FINISHED;
            }
            long manifestId = insertManifest(connection, instanceId, request, params);
            // In the scan's transaction: a scan killed before its commit leaves neither files nor carried ranges.
            long rows;
            long walkStart = System.nanoTime();
            try (IncrementalBaseline baseline = params.launch().incremental()
                    ? IncrementalBaseline.start(connection, dataSource, manifestId) : null) {
                try (ManifestCopyWriter copy = new ManifestCopyWriter(connection, manifestId)) {
                    try (HandOffSink handOff = new HandOffSink(baseline == null ? copy : baseline.carrying(copy))) {
                        WholeSecondTimestamps timestamps = new WholeSecondTimestamps(handOff);
                        new FileScanner(request).scan(timestamps);
                        handOff.finish();
                        if (baseline != null && timestamps.seen()) {
                            log.warn("incremental: every scanned file has a whole-second ctime (a filesystem with coarse"
                                    + " timestamps): a rewrite within the same second that keeps the size can look unchanged;"
                                    + " run a full launch now and then (schedule --full-every N)");
                        }
                    }
                    if (baseline != null) {
                        baseline.walked(copy);
                    }
                    rows = copy.finish();
                }
                if (baseline != null) {
                    long unchanged = baseline.record(connection, manifestId);
                    rows += unchanged;
                    log.info("incremental: {} of {} files unchanged since the baseline (walk and comparison {} ms)", unchanged,
                            rows, (System.nanoTime() - walkStart) / 1_000_000);
                }
            }
            try (PreparedStatement update = connection.prepareStatement(COMPLETE_MANIFEST)) {
                update.setLong(1, rows);
                update.setLong(2, manifestId);
                update.executeUpdate();
            }
            connection.commit();
            contribution.incrementWriteCount(rows);
            log.info("scanned {} files into manifest {}", rows, manifestId);
        }
        return RepeatStatus.FINISHED;
    }

    /** The file count of a completed scan, or null; a half-done scan is deleted. */
    private static Long completedManifest(Connection connection, long instanceId) throws Exception {
        try (PreparedStatement find = connection.prepareStatement(ManifestRecord.FIND)) {
            find.setLong(1, instanceId);
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long fileCount = rs.getLong(2);
                if (!rs.wasNull()) {
                    return fileCount;
                }
                for (String sql : new String[] {DELETE_FILES, DELETE_MANIFEST}) {
                    try (PreparedStatement delete = connection.prepareStatement(sql)) {
                        delete.setLong(1, rs.getLong(1));
                        delete.executeUpdate();
                    }
                }
                return null;
            }
        }
    }

    private static long insertManifest(Connection connection, long instanceId, ScanRequest request,
                                       PatchJobParameters params) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_MANIFEST)) {
            insert.setLong(1, instanceId);
            insert.setArray(2, connection.createArrayOf("text", request.roots().stream().map(Path::toString).toArray()));
            insert.setString(3, request.manifest() == null ? null : request.manifest().toString());
            insert.setArray(4, connection.createArrayOf("text", request.includes().toArray()));
            insert.setArray(5, connection.createArrayOf("text", request.excludes().toArray()));
            insert.setObject(6, request.minSize());
            insert.setObject(7, request.maxSize());
            insert.setBoolean(8, request.oneFilesystem());
            insert.setString(9, params.spec().name());
            insert.setString(10, params.spec().hash());
            insert.setString(11, params.spec().source());
            insert.setLong(12, params.jobTimestamp());
            insert.setBoolean(13, params.dryRun());
            insert.setObject(14, params.retryOf());
            insert.setBoolean(15, params.launch().allowHardLinks());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
