package io.headpatch.job.parameters;

import io.headpatch.job.FailureLimit;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.ScanRequest;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.spec.HeaderSpec;
import io.headpatch.worker.spec.SpecException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The patch job's parameters, typed: the launch request (with its run id resolved) and the job
 * timestamp. {@link #encode} and {@link #decode} are the only code that knows the Spring Batch
 * parameter names and their string forms. Identifying parameters define the job instance (same
 * spec, same files, same run id = same instance, so a restart continues it); the others tune a run
 * and are reused as they were by a restart. The names are stored in existing job repositories:
 * never rename one.
 *
 * @param jobTimestamp epoch ms fixed at launch, the spec's {@code ${job.timestamp}}
 * @param retryOf      the COMPLETED execution whose failed files this launch runs again ({@code headpatch retry}); null
 *                     for any other launch
 */
public record PatchJobParameters(LaunchRequest launch, long jobTimestamp, Long retryOf) {

    // identifying
    private static final String SPEC_HASH = "spec.hash";
    private static final String ROOTS = "roots";
    private static final String MANIFEST = "manifest";
    private static final String INCLUDES = "includes";
    private static final String EXCLUDES = "excludes";
    private static final String MIN_SIZE = "size.min";
    private static final String MAX_SIZE = "size.max";
    private static final String ONE_FILESYSTEM = "one.filesystem";
    private static final String DRY_RUN = "dry.run";
    private static final String RUN_ID = "run.id";

    // non-identifying
    private static final String SPEC_NAME = "spec.name";
    private static final String SPEC_SOURCE = "spec.source";
    private static final String SPEC_PARAMETERS = "spec.parameters";
    private static final String JOB_TIMESTAMP = "job.timestamp";
    private static final String PARTITIONS = "partitions";
    private static final String THREADS = "threads";
    private static final String CHUNK = "chunk";
    private static final String IO_MODE = "io";
    private static final String SYNC_MODE = "sync";
    private static final String SYNC_PARALLELISM = "sync.parallelism";
    private static final String PRESERVE_MTIME = "preserve.mtime";
    private static final String MAX_FAILURES = "max.failures";
    private static final String VERIFY = "verify";
    /** Compare the scan with the last COMPLETED instance of the same spec and roots; unchanged files are not opened. */
    private static final String INCREMENTAL = "incremental";
    /** Absent from the instances launched before it existed: false, as they ran. */
    private static final String ALLOW_HARD_LINKS = "allow.hard.links";
    /** Only on a retry's launch: the execution it retries. */
    private static final String RETRY_OF = "retry.of";

    /** Lists (roots, globs, spec parameters) travel as one string, one entry per line. */
    private static final String SEPARATOR = "\n";

    /** The job parameters of a new launch at {@code now}; a request without a run id gets {@code now} as its run id. */
    public static JobParameters encode(LaunchRequest request, Instant now) {
        return builder(request, now).toJobParameters();
    }

    /** As {@link #encode(LaunchRequest, Instant)}, for a launch that retries the failed files of {@code retryOf}. */
    public static JobParameters encodeRetry(LaunchRequest request, Instant now, long retryOf) {
        return builder(request, now).addString(RETRY_OF, Long.toString(retryOf), false).toJobParameters();
    }

    private static JobParametersBuilder builder(LaunchRequest request, Instant now) {
        ScanRequest scan = request.scan();
        HeaderSpec spec = request.spec();
        WriteOptions write = request.write();
        return new JobParametersBuilder()
                .addString(SPEC_HASH, spec.hash())
                .addString(ROOTS, scan.roots().stream().map(Path::toString).collect(Collectors.joining(SEPARATOR)))
                .addString(MANIFEST, orEmpty(scan.manifest()))
                .addString(INCLUDES, String.join(SEPARATOR, scan.includes()))
                .addString(EXCLUDES, String.join(SEPARATOR, scan.excludes()))
                .addString(MIN_SIZE, orEmpty(scan.minSize()))
                .addString(MAX_SIZE, orEmpty(scan.maxSize()))
                .addString(ONE_FILESYSTEM, Boolean.toString(scan.oneFilesystem()))
                .addString(DRY_RUN, Boolean.toString(request.dryRun()))
                .addString(RUN_ID, request.runId() != null ? request.runId() : now.toString())
                .addString(SPEC_NAME, spec.name(), false)
                .addString(SPEC_SOURCE, spec.source(), false)
                .addString(SPEC_PARAMETERS, spec.parameters().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(SEPARATOR)), false)
                .addString(JOB_TIMESTAMP, Long.toString(now.toEpochMilli()), false)
                .addString(PARTITIONS, Integer.toString(request.partitions()), false)
                .addString(THREADS, Integer.toString(request.threads()), false)
                .addString(CHUNK, Integer.toString(request.chunk()), false)
                .addString(IO_MODE, write.ioMode().name(), false)
                .addString(SYNC_MODE, write.syncMode().name(), false)
                .addString(SYNC_PARALLELISM, Integer.toString(write.syncParallelism()), false)
                .addString(PRESERVE_MTIME, Boolean.toString(write.preserveMtime()), false)
                .addString(MAX_FAILURES, request.maxFailures().toString(), false)
                .addString(VERIFY, Boolean.toString(request.verify()), false)
                .addString(INCREMENTAL, Boolean.toString(request.incremental()), false)
                .addString(ALLOW_HARD_LINKS, Boolean.toString(request.allowHardLinks()), false);
    }

    /** The typed parameters of a job execution; the spec is rebuilt exactly as launched. */
    public static PatchJobParameters decode(JobParameters params) {
        ScanRequest scan = new ScanRequest(list(params, ROOTS).stream().map(Path::of).toList(),
                blank(params, MANIFEST) ? null : Path.of(params.getString(MANIFEST)),
                list(params, INCLUDES), list(params, EXCLUDES), size(params, MIN_SIZE), size(params, MAX_SIZE),
                flag(params, ONE_FILESYSTEM));
        WriteOptions write = WriteOptions.builder()
                .ioMode(IoMode.valueOf(params.getString(IO_MODE).toUpperCase(Locale.ROOT)))
                .syncMode(SyncMode.valueOf(params.getString(SYNC_MODE).toUpperCase(Locale.ROOT)))
                .syncParallelism(Integer.parseInt(params.getString(SYNC_PARALLELISM)))
                .preserveMtime(flag(params, PRESERVE_MTIME))
                .build();
        LaunchRequest launch = new LaunchRequest(spec(params), scan, number(params, PARTITIONS), number(params, THREADS),
                number(params, CHUNK), write, flag(params, DRY_RUN), params.getString(RUN_ID),
                FailureLimit.parse(params.getString(MAX_FAILURES)), flag(params, VERIFY), flag(params, INCREMENTAL),
                flag(params, ALLOW_HARD_LINKS));
        return new PatchJobParameters(launch, Long.parseLong(params.getString(JOB_TIMESTAMP)),
                blank(params, RETRY_OF) ? null : Long.valueOf(params.getString(RETRY_OF)));
    }

    public HeaderSpec spec() {
        return launch.spec();
    }

    public ScanRequest scan() {
        return launch.scan();
    }

    public boolean dryRun() {
        return launch.dryRun();
    }

    private static HeaderSpec spec(JobParameters params) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String entry : list(params, SPEC_PARAMETERS)) {
            int eq = entry.indexOf('=');
            parameters.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        try {
            return HeaderSpec.load(params.getString(SPEC_SOURCE), params.getString(SPEC_NAME), parameters);
        } catch (SpecException e) {
            throw new IllegalStateException("spec of the job parameters no longer loads: " + e.getMessage(), e);
        }
    }

    private static List<String> list(JobParameters params, String name) {
        String joined = params.getString(name);
        return joined == null || joined.isEmpty() ? List.of()
                : Arrays.stream(joined.split(SEPARATOR)).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean blank(JobParameters params, String name) {
        String value = params.getString(name);
        return value == null || value.isBlank();
    }

    private static Long size(JobParameters params, String name) {
        return blank(params, name) ? null : Long.valueOf(params.getString(name));
    }

    private static int number(JobParameters params, String name) {
        return Integer.parseInt(params.getString(name));
    }

    private static boolean flag(JobParameters params, String name) {
        return Boolean.parseBoolean(params.getString(name));
    }

    private static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }
}
