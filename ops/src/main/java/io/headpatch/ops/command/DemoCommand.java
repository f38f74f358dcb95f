package io.headpatch.ops.command;

import io.headpatch.job.LaunchRequest;
import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.job.ScanRequest;
import io.headpatch.ops.UserException;
import io.headpatch.ops.output.OutputFormat;
import io.headpatch.worker.spec.HeaderSpec;
import io.headpatch.worker.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** {@code demo}: generates files of the demo format fhdr v1.2 and bumps them to v1.3 with the built-in spec. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generates fhdr v1.2 demo files and runs the built-in fhdr-v1.3 spec on them, then shows what to"
                + " try next.")
public final class DemoCommand extends CliCommand {

    static final String SPEC = "fhdr-v1.3";

    @Option(names = "--files", paramLabel = "N", defaultValue = "10000", description = "files to generate (default: ${DEFAULT-VALUE})")
    int files;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "an empty or new folder for the files (default: a new one under ~/.headpatch/demo)")
    Path dir;

    @Override
    public Integer call() {
        if (files < 1) {
            throw UserException.usage("--files must be at least 1");
        }
        Path folder = dir != null ? dir.toAbsolutePath() : environment().home().resolve("demo")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        requireEmpty(folder);
        HeaderSpec spec;
        try {
            spec = HeaderSpec.resolve(SPEC, Map.of());
        } catch (SpecException e) {
            throw new IllegalStateException("the built-in demo spec does not load: " + e.getMessage(), e);
        }
        PrintWriter out = out();
        out.printf(Locale.ROOT, "generating %,d fhdr v1.2 files in %s%n", files, folder);
        out.flush();
        FhdrFiles.generate(folder, files, System.nanoTime());
        LaunchRequest request = LaunchRequest.of(spec, new ScanRequest(List.of(folder), null, List.of(), List.of(),
                null, null, false));
        out.printf(Locale.ROOT, "launching spec %s on them%n", SPEC);
        out.flush();
        ExecutionOutput.Ran ran;
        try (JobSession session = jobSession(request.threads())) {
            ran = ExecutionOutput.runAndPrint(this, session.service(), OutputFormat.TEXT, "patch",
                    onStart -> session.service().launch(request, onStart));
        }
        out.printf(Locale.ROOT, "%nnext:%n"
                + "  ./headpatch report %1$d --format csv --files all | head    # one row per file%n"
                + "  ./headpatch verify %1$d                                     # re-read every patched header%n"
                + "  ./headpatch rollback %1$d                                   # put the v1.2 headers back%n"
                + "  ./headpatch status                                       # recent executions%n", ran.summary().executionId());
        out.flush();
        return ran.exitCode();
    }

    private static void requireEmpty(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            throw UserException.usage("--dir " + folder + " is a file, not a folder");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.findAny().isPresent()) {
                throw UserException.usage("--dir " + folder + " is not empty; give a new or empty folder");
            }
        } catch (IOException e) {
            throw UserException.usage("cannot read --dir " + folder + ": " + e.getMessage());
        }
    }
}
