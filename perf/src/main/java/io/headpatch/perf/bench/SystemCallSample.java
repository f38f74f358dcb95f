package io.headpatch.perf.bench;

import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * System calls per file of a real {@code headpatch launch} (the command line, in a JVM of its own), counted with
 * {@code strace -C -f} on a sample tree and on an empty one: per file is the difference divided by the sample's files,
 * so the JVM's start, the Spring context and the migration check are the fixed count beside it. {@code futex}
 * (threads waiting on each other) and {@code gettid} (JDK 17 makes one at most foreign calls) are left out.
 *
 * <p>The same trace also gives the calls that name a file of the sample (its descriptor, {@code -y}, or its path), per
 * file, split into the scan's (the threads that read identities by path) and the patch's: the budget the engine is
 * held to, without the JVM's and the database driver's own calls.
 */
final class SystemCallSample {

    static final Set<String> LEFT_OUT = Set.of("futex", "gettid");
    private static final int SHOWN = 8;

    private final Path workDir;
    private final BenchTree sample;
    private final Path empty;
    private final String maxHeap;
    private final Function<String, BenchDatabase> databases;

    /** {@code databases} gives a fresh database for each launch, by a name unique in this run. */
    SystemCallSample(Path workDir, BenchTree sample, String maxHeap, Function<String, BenchDatabase> databases)
            throws IOException {
        this.workDir = Files.createDirectories(workDir);
        this.sample = sample;
        this.empty = Files.createDirectories(workDir.resolve("empty-tree"));
        this.maxHeap = maxHeap;
        this.databases = databases;
    }

    /** Whether {@code strace} can be run here. */
    static boolean available() {
        try {
            Shell.run(List.of("strace", "-V"));
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Launches on the empty tree, then on the sample (its headers reset to v1.2 first); the figures: per file, the
     * fixed count, and the calls per file of the most frequent system calls.
     */
    Map<String, Object> measure(IoMode io, SyncMode sync, BenchOptions options) throws Exception {
        String mode = (io + "-" + sync).toLowerCase(Locale.ROOT);
        Map<String, Long> fixed = counts(Files.readAllLines(launch(mode + "-empty", empty, io, sync, options)));
        sample.reset();
        List<String> trace = Files.readAllLines(launch(mode + "-sample", sample.root(), io, sync, options));
        Map<String, Long> loaded = counts(trace);
        Map<String, Double> perCall = new TreeMap<>();
        loaded.forEach((call, count) -> perCall.put(call, (count - fixed.getOrDefault(call, 0L)) / (double) sample.size()));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("syscallsPerFile", (total(loaded) - total(fixed)) / (double) sample.size());
        figures.put("fixedSyscalls", total(fixed));
        figures.put("syscallSampleFiles", sample.size());
        Map<String, Double> top = new LinkedHashMap<>();
        perCall.entrySet().stream().filter(entry -> !LEFT_OUT.contains(entry.getKey()))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(SHOWN)
                .forEach(entry -> top.put(entry.getKey(), Math.round(entry.getValue() * 100) / 100.0));
        figures.put("syscallsPerFileByCall", top);
        figures.putAll(FileCalls.of(trace, sample.root()).perFile(sample.size()));
        return figures;
    }

    /** The launch's trace, {@code strace -C}: every call, then the table of counts. */
    private Path launch(String name, Path root, IoMode io, SyncMode sync, BenchOptions options) throws Exception {
        Path trace = workDir.resolve(name + ".strace");
        try (BenchDatabase database = databases.apply(name.replace('-', '_'))) {
            List<String> command = new ArrayList<>(List.of("strace", "-C", "-f", "-qq", "-y", "-o", trace.toString()));
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(Arrays.asList(System.getProperty("headpatch.jvmFlags", "").trim().split("\\s+")));
            command.addAll(List.of("-Xmx" + maxHeap, "-Duser.home=" + Files.createDirectories(workDir.resolve("home")), "-cp", System.getProperty("java.class.path"),
                    "io.headpatch.ops.HeadpatchCommand", "launch", "--quiet", "--db", database.jdbcUrl(),
                    "--db-user", database.user(), "--spec", HeadpatchMain.SPEC, "--root", root.toString(),
                    "--io", io.name(), "--sync", sync.name(), "--partitions", String.valueOf(options.partitions()),
                    "--threads", String.valueOf(options.threads()), "--chunk", String.valueOf(options.chunk()),
                    "--sync-parallelism", String.valueOf(options.syncParallelism())));
            command.removeIf(String::isEmpty);
            Path log = workDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(name + ": headpatch launch under strace failed (exit " + exit + "); see " + log);
            }
        }
        return trace;
    }

    /**
     * The calls column of the table {@code strace -C} ends its output with, by system call name: "% time, seconds,
     * usecs/call, calls, [errors,] syscall", the total line left out.
     */
    static Map<String, Long> counts(List<String> trace) {
        Map<String, Long> counts = new TreeMap<>();
        int table = 0;
        while (table < trace.size() && !trace.get(table).startsWith("% time")) {
            table++;
        }
        for (String line : trace.subList(table, trace.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 5 && fields[0].matches("[0-9.]+") && fields[3].matches("\\d+")
                    && !fields[fields.length - 1].equals("total")) {
                counts.merge(fields[fields.length - 1], Long.parseLong(fields[3]), Long::sum);
            }
        }
        return counts;
    }

    private static long total(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(entry -> !LEFT_OUT.contains(entry.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The launch options the bench gives every headpatch contestant. */
    record BenchOptions(int partitions, int threads, int chunk, int syncParallelism) {
    }
}
