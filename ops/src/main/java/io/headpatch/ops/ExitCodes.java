package io.headpatch.ops;

/** The process exit codes scripts rely on; listed in {@code headpatch --help}. */
public final class ExitCodes {

    /** The job COMPLETED (per-file skips and failures under the limit are in the report), or the command succeeded. */
    public static final int OK = 0;
    /** The job FAILED or was stopped; verify found mismatches; rollback met conflicts. */
    public static final int FAILED = 1;
    /** Usage or input error: unknown spec, bad YAML, missing root, bad cron, bad option. */
    public static final int USAGE = 2;
    /** State conflict or not found: restart of a COMPLETED execution, unknown id, already running. */
    public static final int CONFLICT = 3;
    /** The database is unreachable or refused the connection or the migration. */
    public static final int DATABASE = 4;

    private ExitCodes() {
    }
}
