package io.headpatch.ops.report;

import io.headpatch.worker.check.CheckOutcome;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Every SQL statement of {@code report}, {@code verify} and {@code rollback}, on the schema's views, with bound parameters. */
public final class ReportQueries {

    /** The instance's manifest of an execution: (manifest_id, job_instance_id). */
    public static final String MANIFEST_OF_EXECUTION = """
            SELECT manifest_id, job_instance_id FROM hp_job_summary WHERE job_execution_id = ?""";

    /** The partitions of an instance, in file order, with the host that last ran each. */
    public static final String PARTITIONS = """
            SELECT partition_name, first_file_id, last_file_id, files_total, files_done, status, start_time, end_time,
                   host, exit_message
            FROM hp_partition_progress
            WHERE job_instance_id = ?
            ORDER BY first_file_id""";

    /** One row per file of the manifest, in scan order. */
    public static final String ALL_FILES = """
            SELECT path, outcome, reason, before_hex, after_hex
            FROM hp_file_report
            WHERE manifest_id = ?
            ORDER BY file_id""";

    /** The files whose header is not at its target: skipped, failed or not decided yet. */
    public static final String FAILED_FILES = """
            SELECT path, outcome, reason, before_hex, after_hex
            FROM hp_failed_file_report
            WHERE manifest_id = ?
            ORDER BY file_id""";

    /** Files a verify or rollback found wrong (kind VERIFY or ROLLBACK). */
    public static final String CHECK_PROBLEMS = """
            SELECT path, outcome, reason
            FROM hp_check_report
            WHERE manifest_id = ? AND check_kind = ? AND outcome IN (%s)
            ORDER BY file_id""".formatted(Arrays.stream(CheckOutcome.values()).filter(CheckOutcome::isProblem)
                    .map(o -> "'" + o.name() + "'").collect(Collectors.joining(", ")));

    private ReportQueries() {
    }
}
