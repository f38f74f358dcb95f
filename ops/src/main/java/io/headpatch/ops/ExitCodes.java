package io.headpatch.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/** The process exit codes scripts rely on; {@link #descriptions()} is what {@code --help} lists. */
public final class ExitCodes {

    /** The job COMPLETED with every file done or skipped as asked, or the command succeeded. */
    public static final int OK = 0;
    /** The job FAILED or was stopped; verify found mismatches; rollback met conflicts. */
    public static final int FAILED = 1;
    /** Usage or input error: unknown spec, bad YAML, missing root, bad cron, bad option. */
    public static final int USAGE = 2;
    /** State conflict or not found: restart of a COMPLETED execution, unknown id, already running. */
    public static final int CONFLICT = 3;
    /** The database is unreachable or refused the connection or the migration. */
    public static final int DATABASE = 4;
    /** The job COMPLETED, but some files were not done as asked: IO_ERROR, GONE or CHANGED_SINCE_SCAN (under the limit). */
    public static final int INCOMPLETE = 5;
    /** Stopped by Ctrl-C (SIGINT) at a chunk boundary: 128 + 2, as shells report it. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM at a chunk boundary: 128 + 15. */
    public static final int TERMINATED = 143;

    private ExitCodes() {
    }

    /** Every exit code with its meaning, in the order {@code --help} shows them. */
    public static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "the job COMPLETED and every file is done or skipped as asked (PATCHED,"
                + " ALREADY_DONE, REPAIRED, NOT_MATCHING, TOO_SHORT, NOT_REGULAR); other commands: done");
        codes.put(Integer.toString(FAILED), "the job FAILED or was stopped; verify found mismatches; rollback met conflicts");
        codes.put(Integer.toString(USAGE), "usage or input error (unknown spec, bad YAML, missing root, bad cron, bad option)");
        codes.put(Integer.toString(CONFLICT), "state conflict or not found (restart of a COMPLETED execution, unknown id,"
                + " already running)");
        codes.put(Integer.toString(DATABASE), "database unreachable or refused");
        codes.put(Integer.toString(INCOMPLETE), "the job COMPLETED but some files were not done as asked: IO_ERROR, GONE or"
                + " CHANGED_SINCE_SCAN (retry them: see 'report --format paths')");
        codes.put(Integer.toString(INTERRUPTED), "stopped by Ctrl-C at a chunk boundary (STOPPED; 'restart ID' resumes)");
        codes.put(Integer.toString(TERMINATED), "stopped by SIGTERM at a chunk boundary (STOPPED; 'restart ID' resumes)");
        return codes;
    }
}
