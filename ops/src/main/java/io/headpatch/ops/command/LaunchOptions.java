package io.headpatch.ops.command;

import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.FailureLimit;
import io.headpatch.job.ScanRequest;
import io.headpatch.ops.UserException;
import io.headpatch.worker.spec.HeaderSpec;
import io.headpatch.worker.spec.SpecException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options of {@code launch}, shared with {@code schedule ... launch}. */
public final class LaunchOptions {

    @Option(names = "--spec", required = true, paramLabel = "NAME|FILE", completionCandidates = BuiltInSpecNames.class,
            description = "a built-in template (see 'headpatch specs') or a spec YAML file")
    String spec;

    /** A spec already loaded by the caller (the console, which reads spec files its own way); null: resolve {@link #spec}. */
    HeaderSpec loadedSpec;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a spec parameter, e.g. --set major=61 (repeatable)")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--root", paramLabel = "DIR", description = "a folder to scan (repeatable)")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "a file of paths, one per line, instead of (or confined to) the roots")
    Path manifest;

    @Option(names = "--include", paramLabel = "GLOB", description = "only paths matching (repeatable), e.g. '**/*.gz'")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "skip paths matching (repeatable)")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--min-size", paramLabel = "BYTES", description = "skip smaller files")
    Long minSize;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "skip larger files")
    Long maxSize;

    @Option(names = "--one-filesystem", description = "stay on each root's file system: the scan does not cross a mount "
            + "point, and no file is read or written through one mounted since")
    boolean oneFilesystem;

    @Option(names = "--partitions", paramLabel = "N",
            description = "partitions of the file list (default: ${DEFAULT-VALUE})")
    int partitions = PatchJobSettings.DEFAULT_PARTITIONS;

    @Option(names = "--threads", paramLabel = "N",
            description = "partitions worked at once (default: ${DEFAULT-VALUE})")
    int threads = PatchJobSettings.DEFAULT_THREADS;

    @Option(names = "--chunk", paramLabel = "N",
            description = "files per chunk: journaled, written, synced and committed together (default: ${DEFAULT-VALUE})")
    int chunk = PatchJobSettings.DEFAULT_CHUNK;

    @Mixin
    WriteModeOptions write = new WriteModeOptions();

    @Option(names = "--dry-run", description = "plan and report every file, write nothing")
    boolean dryRun;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "names the job instance with the spec and files (default: the launch time); the same id"
                    + " again is refused once it COMPLETED")
    String runId;

    @Option(names = "--max-failures", paramLabel = "N|P%",
            description = "failed files (IO_ERROR, GONE, CHANGED_SINCE_SCAN) accepted before the job FAILS,"
                    + " a count or a percentage (default: no limit)")
    String maxFailures;

    @Option(names = "--verify", description = "re-read every patched file at the end")
    boolean verify;

    @Option(names = "--incremental",
            description = "compare the scan with the last COMPLETED launch of the same spec, parameters and roots: files"
                    + " unchanged since (device, inode, size, mtime, ctime) whose outcome was final are recorded UNCHANGED"
                    + " without being opened; without such a launch every file is planned")
    boolean incremental;

    @Option(names = "--allow-hard-links",
            description = "also write files with more than one hard link; by default they are NOT_REGULAR (\"2 hard"
                    + " links\"): another name of such a file may lie outside the roots, linked there by anyone who"
                    + " can write in the tree. rollback never writes them")
    boolean allowHardLinks;

    /** The spec resolved and the request checked, before any database is touched. */
    LaunchRequest toRequest() {
        return toRequest(runId);
    }

    LaunchRequest toRequest(String runIdOverride) {
        HeaderSpec headerSpec = resolveSpec();
        ScanRequest scan = new ScanRequest(roots, manifest, includes, excludes, minSize, maxSize, oneFilesystem);
        FailureLimit limit;
        try {
            limit = FailureLimit.parse(maxFailures);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        // build() checks the scan (a JobRequestException of INPUT: a usage error) before any database is touched.
        return LaunchRequest.builder(headerSpec, scan).partitions(partitions).threads(threads).chunk(chunk)
                .write(write.toWriteOptions()).dryRun(dryRun).runId(runIdOverride).maxFailures(limit).verify(verify)
                .incremental(incremental).allowHardLinks(allowHardLinks).build();
    }

    private HeaderSpec resolveSpec() {
        if (loadedSpec != null) {
            return loadedSpec;
        }
        for (String key : parameters.keySet()) {
            if (key.isBlank()) {
                throw UserException.usage("--set needs KEY=VALUE with a non-empty KEY");
            }
        }
        try {
            return HeaderSpec.resolve(spec, parameters);
        } catch (SpecException e) {
            throw UserException.usage(e.getMessage());
        }
    }

    /** What the launch does, for people: "fhdr-v1.3 on /srv/cache" (the files it is given, not all its options). */
    String description() {
        List<String> files = new ArrayList<>(roots.stream().map(Path::toString).toList());
        if (manifest != null) {
            files.add("the paths in " + manifest);
        }
        return spec + " on " + String.join(", ", files) + (dryRun ? " (dry run)" : "");
    }

    /** Identifies a schedule across hosts: the same spec, parameters and files. */
    String identity() {
        return String.join("|", spec, parameters.toString(), roots.toString(), String.valueOf(manifest), includes.toString(),
                excludes.toString(), String.valueOf(dryRun));
    }
}
