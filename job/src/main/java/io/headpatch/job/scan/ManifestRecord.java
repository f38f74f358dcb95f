package io.headpatch.job.scan;

import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.worker.spec.HeaderSpec;
import io.headpatch.worker.spec.SpecException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The manifest of a job instance, and the spec its parameters describe. */
public record ManifestRecord(long manifestId, long fileCount) {

    private static final String FIND = "SELECT manifest_id, file_count FROM hp_manifest WHERE job_instance_id = ?";

    public static ManifestRecord of(JdbcTemplate jdbc, long jobInstanceId) {
        return jdbc.query(FIND, rs -> rs.next() ? new ManifestRecord(rs.getLong(1), rs.getLong(2)) : null, jobInstanceId);
    }

    public static long jobTimestamp(JobParameters params) {
        return Long.parseLong(params.getString(PatchJobParameters.JOB_TIMESTAMP));
    }

    /** Rebuilds the spec exactly as launched; the launcher already validated it. */
    public static HeaderSpec spec(JobParameters params) {
        try {
            return HeaderSpec.load(params.getString(PatchJobParameters.SPEC_SOURCE),
                    params.getString(PatchJobParameters.SPEC_NAME), specParameters(params.getString(PatchJobParameters.SPEC_PARAMETERS)));
        } catch (SpecException e) {
            throw new IllegalStateException("spec of the job parameters no longer loads: " + e.getMessage(), e);
        }
    }

    public static Map<String, String> specParameters(String joined) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (joined != null && !joined.isEmpty()) {
            Arrays.stream(joined.split(PatchJobParameters.LIST_SEPARATOR)).filter(s -> !s.isEmpty()).forEach(kv -> {
                int eq = kv.indexOf('=');
                parameters.put(kv.substring(0, eq), kv.substring(eq + 1));
            });
        }
        return parameters;
    }
}
