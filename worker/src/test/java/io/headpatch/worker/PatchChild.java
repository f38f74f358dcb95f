package io.headpatch.worker;

import io.headpatch.worker.io.RootDescriptors;
import io.headpatch.worker.io.RootedPath;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.plan.FilePlan;
import io.headpatch.worker.plan.PatchPlanner;
import io.headpatch.worker.plan.ScannedFacts;
import io.headpatch.worker.spec.HeaderSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A child JVM for {@link OneOpenIntegrationTests} and {@link SystemCallsIntegrationTests}: {@code DIR [--one-filesystem]}
 * patches every file of DIR (gzip-mtime, the default write options) and prints each outcome; with
 * {@code --one-filesystem} each file is kept on DIR's file system, as a launch with that flag keeps it.
 */
public final class PatchChild {

    static final String ONE_FILESYSTEM = "--one-filesystem";

    private PatchChild() {
    }

    /** {@code tool...} (e.g. strace and its options) running this child on {@code dir} with this JVM and its flags. */
    static List<String> command(Path dir, String... tool) {
        List<String> command = new java.util.ArrayList<>(List.of(tool));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.util.Arrays.asList(System.getProperty("headpatch.jvmFlags", "").trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PatchChild.class.getName(), dir.toString()));
        return command;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        try (HeaderPatcher patcher = new HeaderPatcher(new PatchPlanner(HeaderSpec.resolve("gzip-mtime", Map.of()), 0),
                WriteOptions.builder().build())) {
            StringBuilder outcomes = new StringBuilder();
            List<FilePlan> plans = args.length > 1 && args[1].equals(ONE_FILESYSTEM) ? patchOnOneFilesystem(patcher, dir, files)
                    : patcher.patch(files);
            for (FilePlan plan : plans) {
                outcomes.append(plan.outcome()).append('\n');
            }
            // One write for all: a system call per file here would be counted as the engine's.
            System.out.print(outcomes);
        }
    }

    /** As {@link HeaderPatcher#patch}, each file kept on the file system of {@code root}. */
    private static List<FilePlan> patchOnOneFilesystem(HeaderPatcher patcher, Path root, List<Path> paths) {
        try (RootDescriptors.Hold held = RootDescriptors.hold(List.of(root))) {
            List<FilePlan> plans = paths.stream()
                    .map(path -> patcher.planner().planToWrite(RootedPath.under(path, List.of(root), true), ScannedFacts.NONE, null))
                    .toList();
            try {
                return patcher.write(plans);
            } finally {
                plans.forEach(FilePlan::close);
            }
        }
    }
}
