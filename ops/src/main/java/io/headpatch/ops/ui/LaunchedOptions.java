package io.headpatch.ops.ui;

import io.headpatch.job.LaunchRequest;
import io.headpatch.job.ScanRequest;
import io.headpatch.worker.io.WriteOptions;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What a run was launched with, as the launch command's options name it, for the execution's page. */
final class LaunchedOptions {

    private LaunchedOptions() {
    }

    /**
     * Option name to value, the options given (or defaulted) and nothing else.
     *
     * @param retryOf the execution whose failed files the run retried (its manifest was theirs), or null
     */
    static Map<String, String> of(LaunchRequest launch, Long retryOf) {
        Map<String, String> options = new LinkedHashMap<>();
        ScanRequest scan = launch.scan();
        options.put("--spec", launch.spec().name());
        launch.spec().parameters().forEach((key, value) -> options.merge("--set", key + "=" + value, (a, b) -> a + " " + b));
        options.put("--root", scan.roots().isEmpty() ? "-" : scan.roots().stream().map(Path::toString)
                .collect(Collectors.joining(" ")));
        if (scan.manifest() != null) {
            options.put("--manifest", retryOf != null ? "the failed files of execution " + retryOf : scan.manifest().toString());
        }
        putIf(options, "--include", String.join(" ", scan.includes()));
        putIf(options, "--exclude", String.join(" ", scan.excludes()));
        putIf(options, "--min-size", scan.minSize() == null ? "" : scan.minSize().toString());
        putIf(options, "--max-size", scan.maxSize() == null ? "" : scan.maxSize().toString());
        putIf(options, "--one-filesystem", scan.oneFilesystem() ? "yes" : "");
        WriteOptions write = launch.write();
        options.put("--io", write.ioMode().name());
        options.put("--sync", write.syncMode().name());
        options.put("--sync-parallelism", Integer.toString(write.syncParallelism()));
        options.put("--preserve-mtime", yesNo(write.preserveMtime()));
        options.put("--partitions", Integer.toString(launch.partitions()));
        options.put("--threads", Integer.toString(launch.threads()));
        options.put("--chunk", Integer.toString(launch.chunk()));
        options.put("--max-failures", launch.maxFailures().toString().isEmpty() ? "none" : launch.maxFailures().toString());
        options.put("--dry-run", yesNo(launch.dryRun()));
        options.put("--verify", yesNo(launch.verify()));
        options.put("--incremental", yesNo(launch.incremental()));
        options.put("--allow-hard-links", yesNo(launch.allowHardLinks()));
        putIf(options, "--run-id", launch.runId() == null ? "" : launch.runId());
        return options;
    }

    private static void putIf(Map<String, String> options, String name, String value) {
        if (!value.isEmpty()) {
            options.put(name, value);
        }
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
