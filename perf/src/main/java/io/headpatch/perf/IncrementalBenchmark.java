package io.headpatch.perf;

import com.zaxxer.hikari.HikariDataSource;
import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobService;
import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.Databases;
import io.headpatch.worker.spec.HeaderSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A nightly re-run over a tree that is mostly done, full against {@code --incremental} (issue 15's target:
 * on N files of which 1 % are new, the incremental run takes at most 15 % of the full run's time). On N
 * generated fhdr files, in a fresh database of the machine's PostgreSQL: a first launch patches them all; a
 * second, full launch reads every header again and finds it done (the full nightly run, timed); 1 % new
 * files are added; an incremental launch (timed) compares with the second and plans only the new files;
 * a second incremental launch shows the steady state. Prints the times, the ratio, and the rows and bytes
 * the incremental run added per unchanged file to hp_file and hp_outcome (tables and indexes).
 *
 * <pre>
 * java $FLAGS -cp perf/target/benchmarks.jar io.headpatch.perf.IncrementalBenchmark --files 1000000 [--dir DIR] [--keep-db]
 * </pre>
 */
public final class IncrementalBenchmark {

    private static final String SIZE = """
            SELECT pg_total_relation_size('hp_file') + pg_total_relation_size('hp_outcome')""";

    private IncrementalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = 1_000_000;
        Path dir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--keep-db" -> keep = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --files N (1000000) --dir DIR (a new temporary folder) --keep-db");
            }
        }
        dir = dir != null ? dir : Files.createTempDirectory("headpatch-incremental");
        String server = System.getenv().getOrDefault("HEADPATCH_TEST_DB_HOST", "127.0.0.1:5432");
        String name = "hp_incr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin(server, "CREATE DATABASE " + name);
        try (HikariDataSource dataSource = Databases.open("jdbc:postgresql://" + server + "/" + name, "postgres", "", 16)) {
            Databases.migrate(dataSource);
            run(dataSource, dir, files);
        } finally {
            if (!keep) {
                admin(server, "DROP DATABASE " + name);
            }
        }
    }

    private static void run(HikariDataSource dataSource, Path dir, int files) throws Exception {
        HeaderSpec spec = HeaderSpec.resolve("fhdr-v1.3", Map.of());
        print("generating %,d fhdr files under %s", files, dir);
        FhdrFiles.generate(dir.resolve("old"), files, 15);
        try (PatchJobService service = new PatchJobService(dataSource)) {
            Timed seed = launch(service, spec, dir, false);
            print("first launch (patches every file): %s", seed);
            Timed full = launch(service, spec, dir, false);
            print("full re-run over the done tree: %s", full);

            int added = Math.max(1, files / 100);
            FhdrFiles.generate(dir.resolve("new"), added, 16);
            long rowsBefore = rows(service, "hp_file") + rows(service, "hp_outcome");
            long bytesBefore = service.jdbc().queryForObject(SIZE, Long.class);
            Timed incremental = launch(service, spec, dir, true);
            long rowsAfter = rows(service, "hp_file") + rows(service, "hp_outcome");
            long bytesAfter = service.jdbc().queryForObject(SIZE, Long.class);
            print("incremental with %,d new files: %s", added, incremental);
            Timed steady = launch(service, spec, dir, true);
            print("incremental again (steady state; the files written last time are read once more): %s", steady);

            long unchanged = incremental.summary().outcomes().get("UNCHANGED");
            long total = incremental.summary().filesTotal();
            print("");
            print("incremental / full = %.1f %% (target <= 15 %%)", 100.0 * incremental.seconds() / full.seconds());
            print("scan step: full %.2f s, incremental %.2f s (with the comparison query)", scanSeconds(service, full),
                    scanSeconds(service, incremental));
            print("history added by the incremental run: %,d rows (%.2f per file), %,d bytes (%.0f per file, tables and indexes)"
                    + "; %,d files UNCHANGED of %,d", rowsAfter - rowsBefore, (double) (rowsAfter - rowsBefore) / total,
                    bytesAfter - bytesBefore, (double) (bytesAfter - bytesBefore) / total, unchanged, total);
        }
    }

    private record Timed(ExecutionSummary summary, double seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f s, %,.0f files/s, %s", seconds, summary.filesTotal() / seconds,
                    summary.outcomes().entrySet().stream().filter(e -> e.getValue() > 0)
                            .map(e -> e.getKey() + " " + e.getValue()).toList());
        }
    }

    private static Timed launch(PatchJobService service, HeaderSpec spec, Path dir, boolean incremental) {
        long start = System.nanoTime();
        ExecutionSummary summary = service.launch(LaunchRequest.builder(spec,
                new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false)).incremental(incremental).build());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!summary.completed()) {
            throw new IllegalStateException("execution " + summary.executionId() + " ended " + summary.status());
        }
        return new Timed(summary, seconds);
    }

    private static double scanSeconds(PatchJobService service, Timed run) {
        return service.jdbc().queryForObject("""
                SELECT EXTRACT(EPOCH FROM (end_time - start_time)) FROM batch_step_execution
                WHERE job_execution_id = ? AND step_name = 'scan'""", Double.class, run.summary().executionId());
    }

    private static long rows(PatchJobService service, String table) {
        return service.jdbc().queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private static void admin(String server, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
