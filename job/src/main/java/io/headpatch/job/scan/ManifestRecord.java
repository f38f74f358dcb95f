package io.headpatch.job.scan;

import org.springframework.jdbc.core.JdbcTemplate;

/** The manifest of a job instance: its id, and its file count once the scan completed. */
public record ManifestRecord(long manifestId, long fileCount) {

    /** The manifest of a job instance: (manifest_id, file_count), file_count NULL until the scan completed. */
    static final String FIND = "SELECT manifest_id, file_count FROM hp_manifest WHERE job_instance_id = ?";

    public static ManifestRecord of(JdbcTemplate jdbc, long jobInstanceId) {
        return jdbc.query(FIND, rs -> rs.next() ? new ManifestRecord(rs.getLong(1), rs.getLong(2)) : null, jobInstanceId);
    }
}
