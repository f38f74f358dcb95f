package io.headpatch.perf.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.job.Databases;
import io.headpatch.ops.output.Json;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.spec.HeaderSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code perf/bench}: the floor, the peer and headpatch on one generated tree of fhdr v1.2 files, each on fresh
 * headers; prints the table and writes it as JSON under the results folder.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks headpatch against the floor (the least a JVM can do) and a peer (find | xargs dd).")
public final class Bench implements Callable<Integer> {

    static final int FULL = 1_000_000;
    static final int QUICK = 100_000;

    @Option(names = "--files", paramLabel = "N", description = "files in the tree (default: 1,000,000; 100,000 with --quick)")
    Integer files;

    @Option(names = "--quick", description = "100,000 files")
    boolean quick;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "/tmp/headpatch-bench",
            description = "work folder: the generated trees (kept for later runs), logs, databases (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "perf/results", description = "where the JSON goes (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--db", paramLabel = "JDBC_URL", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres",
            description = "maintenance database of the PostgreSQL server; each run gets a new database there (default: ${DEFAULT-VALUE})")
    String adminUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
    String dbUser;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "contestants to run, of: ${COMPLETION-CANDIDATES} (default: all)")
    List<Contestant> only;

    @Option(names = "--peer-sample", paramLabel = "N", defaultValue = "5000", description = "files the peer runs on (default: ${DEFAULT-VALUE})")
    int peerSample;

    @Option(names = "--partitions", paramLabel = "N", description = "headpatch partitions (default: the launch default)")
    int partitions = PatchJobSettings.DEFAULT_PARTITIONS;

    @Option(names = "--threads", paramLabel = "N", description = "headpatch partition threads (default: the launch default)")
    int threads = PatchJobSettings.DEFAULT_THREADS;

    @Option(names = "--chunk", paramLabel = "N", description = "headpatch files per chunk (default: the launch default)")
    int chunk = PatchJobSettings.DEFAULT_CHUNK;

    @Option(names = "--sync-parallelism", paramLabel = "N", description = "headpatch syncs in flight per thread (default: the launch default)")
    int syncParallelism = WriteOptions.DEFAULT_SYNC_PARALLELISM;

    @Option(names = "--floor-writers", paramLabel = "N", description = "floor writer threads (default: cores)")
    int floorWriters = Runtime.getRuntime().availableProcessors();

    @Option(names = "--floor-batch", paramLabel = "N", defaultValue = "500", description = "floor files per sync batch (default: ${DEFAULT-VALUE})")
    int floorBatch;

    @Option(names = "--floor-sync-parallelism", paramLabel = "N", defaultValue = "16",
            description = "floor syncs in flight per writer (default: ${DEFAULT-VALUE})")
    int floorSyncParallelism;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "512m", description = "-Xmx of each contestant's JVM (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--profile", description = "record each contestant's JVM with JFR (settings=profile) beside its log")
    boolean profile;

    @Option(names = "--keep-db", description = "keep the server databases of the runs (to query them afterwards)")
    boolean keepDatabases;

    @Option(names = "--syscall-sample", paramLabel = "N", defaultValue = "20000",
            description = "files of the tree on which `strace -c -f` counts each headpatch mode's system calls per file "
                    + "(0: not counted; default: ${DEFAULT-VALUE})")
    int syscallSample;

    @Override
    public Integer call() throws Exception {
        int count = files != null ? files : quick ? QUICK : FULL;
        Log log = new Log(System.out);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path runDir = Files.createDirectories(dir.resolve("run-" + stamp));
        BenchTree tree = BenchTree.prepare(dir, count, log);
        Path target = runDir.resolve("v1.3-header");
        Files.write(target, HeaderSpec.resolve(HeadpatchMain.SPEC, Map.of())
                .target(tree.freshHeader(), 1_200, System.currentTimeMillis()));
        ChildJvm jvm = new ChildJvm(runDir, heap, profile);
        List<Row> rows = new ArrayList<>();
        List<Map<String, Object>> reportQueries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Contestant, Row> headpatchRows = new LinkedHashMap<>();
        notes.add("JDK: " + Machine.jdk() + " (every contestant's JVM).");
        notes.add("Before each contestant every header is reset to v1.2 with a fast, non-durable rewrite and one "
                + "`sync -f`, not timed. All files are in the page cache (generated or reset just before).");
        for (Contestant contestant : only == null ? List.of(Contestant.values()) : only) {
            log.line("%s: resetting %,d headers to v1.2 (not timed) ...", contestant.label, tree.size());
            log.line("reset in %.1f s; running %s", tree.reset(), contestant.label);
            String load = Machine.loadAverage();
            int row = rows.size();
            switch (contestant) {
                case FLOOR, FLOOR_MMAP, FLOOR_MMAP_BATCHED -> rows.add(floor(jvm, contestant, tree, target));
                case PEER -> {
                    double seconds = PeerSample.run(tree.root(), target, peerSample);
                    double rate = peerSample / seconds;
                    rows.add(new Row(contestant.label, tree.size(), tree.size() / rate, rate, null, null, null, null, null,
                            "extrapolated from " + peerSample + " files in " + String.format(Locale.ROOT, "%.1f s", seconds),
                            new LinkedHashMap<>(Map.of("sampleFiles", peerSample, "sampleSeconds", seconds))));
                    notes.add("peer: `" + PeerSample.command(tree.root(), target, peerSample) + "`, timed on "
                            + peerSample + " files and extrapolated to the tree.");
                }
                default -> {
                    headpatch(jvm, contestant, tree, runDir, stamp, rows, reportQueries, log);
                    headpatchRows.put(contestant, rows.get(row));
                }
            }
            rows.get(row).figures().put("loadBefore", load);
            log.line("%s: %,.0f files/s", contestant.label, rows.get(row).filesPerSecond());
        }
        countSystemCalls(headpatchRows, runDir, stamp, notes, log);
        List<String> table = ResultsTable.lines(rows, reportQueries);
        System.out.println();
        table.forEach(System.out::println);
        System.out.println();
        notes.forEach(note -> System.out.println("- " + note));
        writeJson(count, stamp, rows, reportQueries, notes);
        return 0;
    }

    private Row floor(ChildJvm jvm, Contestant contestant, BenchTree tree, Path header) throws Exception {
        FloorTask task = new FloorTask(tree.root().toString(), header.toString(), contestant.floorIo, floorWriters, floorBatch,
                floorSyncParallelism);
        Map<String, Object> figures = jvm.run(contestant.name().toLowerCase(Locale.ROOT).replace('_', '-'), FloorMain.class, task);
        figures.put("task", task);
        return Row.of(contestant.label, figures, tree.size(), Row.seconds(figures, "seconds"), null,
                floorWriters + " writers, batches of " + floorBatch + ", " + floorSyncParallelism + " fdatasync in flight each");
    }

    private void headpatch(ChildJvm jvm, Contestant contestant, BenchTree tree, Path runDir, String stamp, List<Row> rows,
                           List<Map<String, Object>> reportQueries, Log log) throws Exception {
        String name = contestant.name().toLowerCase(Locale.ROOT).replace('_', '-');
        try (BenchDatabase database = contestant.embedded
                ? BenchDatabase.embedded(runDir.resolve(name + "-pg"), dir.resolve("pg-bin"))
                : serverDatabase(stamp, name.replace('-', '_'))) {
            HeadpatchTask task = new HeadpatchTask(database.jdbcUrl(), database.user(), tree.root().toString(), contestant.io,
                    contestant.sync, partitions, threads, chunk, syncParallelism);
            Map<String, Object> figures = jvm.run(name, HeadpatchMain.class, task);
            figures.put("task", task);
            Map<?, ?> outcomes = (Map<?, ?>) figures.get("outcomes");
            long patched = ((Number) outcomes.get("PATCHED")).longValue();
            String note = patched == tree.size() ? "" : "NOT ALL PATCHED: " + outcomes;
            double scan = Row.seconds(figures, "scanSeconds");
            double patch = Row.seconds(figures, "patchSeconds");
            double patchJdbc = Row.seconds(figures, "patchJdbcSeconds");
            double otherJdbc = Row.seconds(figures, "otherJdbcSeconds");
            figures.put("floor", (contestant.io == IoMode.MMAP ? Contestant.FLOOR_MMAP_BATCHED : Contestant.FLOOR).label);
            rows.add(Row.of(contestant.label, figures, tree.size(), Row.seconds(figures, "seconds"),
                    (patchJdbc + otherJdbc) / (scan + threads * patch), note));
            rows.add(new Row("scan (" + contestant.label + ")", tree.size(), scan, tree.size() / scan, null, null, null, null,
                    otherJdbc / scan, "the scan step of the run above", new LinkedHashMap<>()));
            if (contestant == Contestant.SERVER_MMAP) {
                log.line("timing the report queries on execution %s", figures.get("executionId"));
                try (HikariDataSource pool = Databases.open(database.jdbcUrl(), database.user(), null, 2)) {
                    reportQueries.addAll(new ReportTimer(pool).time(((Number) figures.get("executionId")).longValue()));
                }
            }
        }
    }

    /** Each headpatch mode's system calls per file, counted once per mode on a sample tree of its own. */
    private void countSystemCalls(Map<Contestant, Row> headpatchRows, Path runDir, String stamp, List<String> notes, Log log)
            throws Exception {
        if (syscallSample <= 0 || headpatchRows.isEmpty()) {
            return;
        }
        if (!SystemCallSample.available()) {
            notes.add("syscalls/file: not counted, strace is not installed.");
            return;
        }
        SystemCallSample sampler = new SystemCallSample(runDir.resolve("syscalls"), BenchTree.prepare(dir, syscallSample, log),
                heap, name -> serverDatabase(stamp, "sc_" + name));
        SystemCallSample.BenchOptions options = new SystemCallSample.BenchOptions(partitions, threads, chunk, syncParallelism);
        Map<String, Map<String, Object>> byMode = new LinkedHashMap<>();
        for (Map.Entry<Contestant, Row> entry : headpatchRows.entrySet()) {
            Contestant contestant = entry.getKey();
            String mode = contestant.io + " " + contestant.sync;
            if (!byMode.containsKey(mode)) {
                log.line("counting the system calls of %s on %,d files (strace -C -f) ...", mode, syscallSample);
                byMode.put(mode, sampler.measure(contestant.io, contestant.sync, options));
                log.line("%s: %s system calls per file, %s", mode, byMode.get(mode).get("syscallsPerFile"),
                        byMode.get(mode).get("syscallsPerFileByCall"));
            }
            entry.getValue().figures().putAll(byMode.get(mode));
        }
        notes.add("syscalls/file: `strace -C -f` of `headpatch launch` (its own JVM, a database on the server) on "
                + String.format(Locale.ROOT, "%,d", syscallSample) + " files, less the same launch on an empty tree, "
                + "divided by the files; futex and gettid left out. Once per write mode, the scan included; per system "
                + "call in the JSON (syscallsPerFileByCall), the empty launch's count as fixedSyscalls, and the calls "
                + "that name a file of the sample: scanFileCallsPerFile, patchFileCallsPerFile (patchFileCallsByCall).");
    }

    private BenchDatabase serverDatabase(String stamp, String name) {
        try {
            return BenchDatabase.onServer(adminUrl, dbUser, "hp_bench_" + stamp.replace('-', '_') + "_" + name, keepDatabases);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + adminUrl + ": " + e.getMessage(), e);
        }
    }

    private void writeJson(int count, String stamp, List<Row> rows, List<Map<String, Object>> reportQueries,
                           List<String> notes) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", Machine.describe(dir));
        json.put("files", count);
        json.put("startedAt", stamp);
        json.put("rows", rows);
        json.put("reportQueries", reportQueries);
        json.put("notes", notes);
        Files.createDirectories(results);
        Path file = results.resolve("bench-" + count + "-" + stamp + ".json");
        Files.writeString(file, Json.MAPPER.writeValueAsString(json));
        System.out.println("\nwritten: " + file);
    }

    /** Who runs, in this order. */
    enum Contestant {
        FLOOR("floor", FloorIo.PWRITE, null, null, false),
        FLOOR_MMAP("floor mmap, unmap per file", FloorIo.MMAP_EACH_UNMAP, null, null, false),
        FLOOR_MMAP_BATCHED("floor mmap, batched unmap", FloorIo.MMAP_BATCHED_UNMAP, null, null, false),
        PEER("peer", null, null, null, false),
        SERVER_MMAP("headpatch mmap, server", null, IoMode.MMAP, SyncMode.BATCH, false),
        SERVER_PWRITE("headpatch pwrite, server", null, IoMode.PWRITE, SyncMode.BATCH, false),
        EMBEDDED_MMAP("headpatch mmap, embedded", null, IoMode.MMAP, SyncMode.BATCH, true),
        EMBEDDED_PWRITE("headpatch pwrite, embedded", null, IoMode.PWRITE, SyncMode.BATCH, true),
        SERVER_PWRITE_SYNCFS("headpatch pwrite syncfs, server", null, IoMode.PWRITE, SyncMode.SYNCFS, false);

        final String label;
        /** The floor's way of writing; null for the others. */
        final FloorIo floorIo;
        final IoMode io;
        final SyncMode sync;
        final boolean embedded;

        Contestant(String label, FloorIo floorIo, IoMode io, SyncMode sync, boolean embedded) {
            this.label = label;
            this.floorIo = floorIo;
            this.io = io;
            this.sync = sync;
            this.embedded = embedded;
        }
    }
}
