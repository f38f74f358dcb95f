package io.headpatch.job;

/**
 * Names of the patch job's parameters. Identifying ones define the job instance (same spec, same
 * files, same run id = same instance, so a restart continues it); the others tune a run and are
 * reused as they were by a restart.
 */
public final class PatchJobParameters {

    // identifying
    public static final String SPEC_HASH = "spec.hash";
    public static final String ROOTS = "roots";
    public static final String MANIFEST = "manifest";
    public static final String INCLUDES = "includes";
    public static final String EXCLUDES = "excludes";
    public static final String MIN_SIZE = "size.min";
    public static final String MAX_SIZE = "size.max";
    public static final String ONE_FILESYSTEM = "one.filesystem";
    public static final String DRY_RUN = "dry.run";
    public static final String RUN_ID = "run.id";

    // non-identifying
    public static final String SPEC_NAME = "spec.name";
    public static final String SPEC_SOURCE = "spec.source";
    public static final String SPEC_PARAMETERS = "spec.parameters";
    public static final String JOB_TIMESTAMP = "job.timestamp";
    public static final String PARTITIONS = "partitions";
    public static final String THREADS = "threads";
    public static final String CHUNK = "chunk";
    public static final String IO_MODE = "io";
    public static final String SYNC_MODE = "sync";
    public static final String SYNC_PARALLELISM = "sync.parallelism";
    public static final String PRESERVE_MTIME = "preserve.mtime";
    public static final String MAX_FAILURES = "max.failures";
    public static final String VERIFY = "verify";
    /** Compare the scan with the last COMPLETED instance of the same spec and roots; unchanged files are not opened. */
    public static final String INCREMENTAL = "incremental";

    /** Lists (roots, globs, spec parameters) travel as one string, one entry per line. */
    public static final String LIST_SEPARATOR = "\n";

    private PatchJobParameters() {
    }
}
