package io.headpatch.perf;

import com.zaxxer.hikari.HikariDataSource;
import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.job.FailureLimit;
import io.headpatch.job.PartitionWorker;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.Databases;
import io.headpatch.perf.db.JdbcCounter;
import io.headpatch.perf.db.StatementFigures;
import io.headpatch.perf.db.StatementStats;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.spec.HeaderSpec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Remote partitioning against one PostgreSQL: a manager and W worker contexts in this JVM (each a
 * {@link PatchJobService} with worker settings and its own small pool, running
 * {@code worker(threads).run()} on a thread), on N generated fhdr files, in a fresh database. Reports
 * wall time and files/s; statements, transactions and rows per chunk and per partition (counted in the
 * client by {@link JdbcCounter}, per role), each statement's calls, rows and time as the server counted them
 * (pg_stat_statements, where loaded; else the client's per role), and the server's pg_stat_database /
 * pg_stat_user_tables; what idle workers cost per second; and what a manager waiting on P partitions costs per
 * second. See perf/SCALING.md.
 *
 * <pre>
 * java $FLAGS -jar perf/target/benchmarks.jar scaling \
 *     --files 200000 --partitions 64 --chunk 500 --workers 8 --sync none,batch --idle-seconds 20 \
 *     --manager-idle-partitions 1000
 * </pre>
 */
@Command(name = "scaling", mixinStandardHelpOptions = true, sortOptions = false,
        description = "What remote partitioning costs the database: a manager and W worker contexts in this JVM (perf/SCALING.md).")
public final class RemoteScalingBenchmark implements Callable<Integer> {

    @Option(names = "--files", paramLabel = "N", defaultValue = "200000", description = "files per run (default: ${DEFAULT-VALUE})")
    int fileCount;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "64", description = "(default: ${DEFAULT-VALUE})")
    int partitionCount;

    @Option(names = "--chunk", paramLabel = "C", defaultValue = "500", description = "(default: ${DEFAULT-VALUE})")
    int chunkSize;

    @Option(names = "--workers", paramLabel = "W", split = ",", defaultValue = "8",
            description = "worker contexts, one run per value (default: ${DEFAULT-VALUE})")
    List<Integer> workerCounts;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1", description = "threads per worker context (default: ${DEFAULT-VALUE})")
    int threadCount;

    @Option(names = "--sync", paramLabel = "MODE", split = ",", defaultValue = "NONE",
            description = "sync modes, one run per value, of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    List<SyncMode> syncModes;

    @Option(names = "--io", paramLabel = "MODE", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    IoMode ioMode = WriteOptions.defaults().ioMode();

    @Option(names = "--dir", paramLabel = "DIR", description = "where the files are generated (default: a new temporary folder)")
    Path workDir;

    @Option(names = "--idle-seconds", paramLabel = "S", defaultValue = "20",
            description = "seconds of idle workers measured after each run; 0 skips (default: ${DEFAULT-VALUE})")
    int idleSecondsOption;

    @Option(names = "--manager-idle-partitions", paramLabel = "P", defaultValue = "0",
            description = "partitions of a manager waiting with no worker; 0 skips (default: ${DEFAULT-VALUE})")
    int managerIdlePartitionCount;

    @Option(names = "--worker-pool", paramLabel = "N", description = "connections per worker context (default: what the job asks for its threads)")
    Integer workerPoolSize;

    @Option(names = "--manager-pool", paramLabel = "N", defaultValue = "4", description = "(default: ${DEFAULT-VALUE})")
    int managerPoolSize;

    @Option(names = "--db-host", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5432",
            description = "(default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
    String user;

    /** The statements of a measured window that took the server the most time, as many as a table shows. */
    private static final int SERVER_STATEMENTS = 25;

    /** Whether the server counts statements (pg_stat_statements loaded); else only the client's counts are shown. */
    private boolean statementStatsLoaded;

    @Override
    public Integer call() throws Exception {
        run();
        return 0;
    }

    private void run() throws Exception {
        int files = fileCount;
        int partitions = partitionCount;
        int chunk = chunkSize;
        int threads = threadCount;
        int idleSeconds = idleSecondsOption;
        int managerIdlePartitions = managerIdlePartitionCount;
        IoMode io = ioMode;
        Path dir = workDir != null ? workDir : Files.createTempDirectory("hp-scaling");
        try (SingleConnectionDataSource admin = monitor("postgres")) {
            statementStatsLoaded = StatementStats.loaded(new JdbcTemplate(admin));
        }
        System.out.printf("# RemoteScalingBenchmark%nmachine: %d cores, %s %s; PostgreSQL at %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), server);
        System.out.println(statementStatsLoaded ? "statements: as the server counted them (pg_stat_statements)"
                : "statements: pg_stat_statements is not loaded (shared_preload_libraries), so only the client's counts are shown");
        for (int w : workerCounts) {
            for (SyncMode s : syncModes) {
                patchRun(dir.resolve("files"), files, partitions, chunk, w, threads, s, io, idleSeconds);
            }
        }
        if (managerIdlePartitions > 0) {
            managerIdle(dir.resolve("idle-files"), managerIdlePartitions, Math.max(idleSeconds, 10));
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** One role's view of the database: its pools, all counted by one JDBC counter. */
    private final class Role implements AutoCloseable {
        final JdbcCounter jdbc = new JdbcCounter();
        final List<HikariDataSource> pools = new ArrayList<>();

        DataSource pool(String database, int size) {
            HikariDataSource pool = Databases.open(url(database), user, "", size);
            pools.add(pool);
            return jdbc.wrap(pool);
        }

        @Override
        public void close() {
            pools.forEach(HikariDataSource::close);
        }
    }

    private record Moment(JdbcCounter.Snapshot jdbc, long nanos) {
        static Moment of(Role role) {
            return new Moment(role.jdbc.snapshot(), System.nanoTime());
        }
    }

    private record Delta(JdbcCounter.Snapshot jdbc, double seconds) {
        static Delta between(Moment a, Moment b) {
            return new Delta(b.jdbc.minus(a.jdbc), (b.nanos - a.nanos) / 1e9);
        }
    }

    private final class Workers implements AutoCloseable {
        final List<PatchJobService> services = new ArrayList<>();
        final List<PartitionWorker> workers = new ArrayList<>();
        /** The first worker's pool, to see the workers register. */
        JdbcTemplate jdbc;

        Workers(Role role, String database, int count, int threads) {
            for (int i = 0; i < count; i++) {
                DataSource pool = role.pool(database, workerPoolSize != null ? workerPoolSize : PatchJobSettings.poolSize(threads));
                if (jdbc == null) {
                    jdbc = new JdbcTemplate(pool);
                }
                // Confined to the whole filesystem: this measures the database cost, not confinement.
                PatchJobService service = new PatchJobService(pool, PatchJobSettings.worker("w" + i, Duration.ofSeconds(30),
                        List.of(Path.of("/"))));
                services.add(service);
                PartitionWorker worker = service.worker(threads);
                workers.add(worker);
                Thread thread = new Thread(() -> {
                    try {
                        worker.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "worker-context-" + i);
                thread.setDaemon(true);
                thread.start();
            }
        }

        void awaitRegistered(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (jdbc.queryForObject("SELECT COUNT(*) FROM hp_worker_status WHERE stopped_at IS NULL", Long.class) < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("workers did not register");
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() throws Exception {
            workers.forEach(PartitionWorker::stop);
            for (PartitionWorker worker : workers) {
                worker.awaitStopped(Duration.ofMinutes(2));
            }
            services.forEach(PatchJobService::close);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void patchRun(Path dir, int fileCount, int partitions, int chunk, int workerCount, int threads, SyncMode sync,
                          IoMode io, int idleSeconds) throws Exception {
        String database = createDatabase();
        try {
            long g = System.nanoTime();
            deleteTree(dir);
            FhdrFiles.generate(dir, fileCount, 42);
            System.out.printf("%n## %d worker context(s) × %d thread(s), %,d files, %d partitions, chunk %d, sync %s, io %s%n",
                    workerCount, threads, fileCount, partitions, chunk, sync, io);
            System.out.printf("(generated the files in %.1f s, database %s)%n", (System.nanoTime() - g) / 1e9, database);

            ScalingDbStats before = serverStats(database);
            long jvmCpu0 = jvmCpuNanos();
            Delta managerRun;
            Delta workerRun;
            ExecutionSummary summary;
            double wall;
            int workerPeak;
            int managerPeak;
            double backendCpu;
            long[] walOfRun;
            List<StatementFigures> statementsOfRun;
            try (Role manager = new Role(); Role workerRole = new Role()) {
                DataSource managerPool = manager.pool(database, managerPoolSize);
                try (PatchJobService service = new PatchJobService(managerPool,
                        PatchJobSettings.remoteManager(Duration.ofSeconds(30), Duration.ofHours(2)));
                     Workers workers = new Workers(workerRole, database, workerCount, threads)) {
                    workers.awaitRegistered(workerCount);
                    double backendCpu0 = ScalingDbStats.backendCpuSeconds(server, user, database);
                    Moment m0 = Moment.of(manager);
                    Moment w0 = Moment.of(workerRole);
                    LaunchRequest request = new LaunchRequest(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                            new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false),
                            partitions, threads, chunk, WriteOptions.builder().ioMode(io).syncMode(sync).build(), false,
                            null, FailureLimit.NONE, false, false, false);
                    // The scan's COPY goes through the manager's pool too: count the manager, and the server's
                    // statements, from the end of the scan.
                    CompletableFuture<Moment> scanned = CompletableFuture.supplyAsync(() -> afterScan(database, manager));
                    String lsn0 = ScalingDbStats.walLsn(server, user);
                    long t0 = System.nanoTime();
                    summary = service.launch(request);
                    wall = (System.nanoTime() - t0) / 1e9;
                    Moment m1 = scanned.get();
                    statementsOfRun = serverStatements(database); // before the benchmark's own queries below
                    walOfRun = ScalingDbStats.walOfDatabase(server, user, database, lsn0);
                    managerRun = Delta.between(m1 != null ? m1 : m0, Moment.of(manager));
                    workerRun = Delta.between(w0, Moment.of(workerRole));
                    workerPeak = workerRole.jdbc.peakBorrowed();
                    managerPeak = manager.jdbc.peakBorrowed();
                    backendCpu = ScalingDbStats.backendCpuSeconds(server, user, database) - backendCpu0;
                }
            }
            double jvmCpu = (jvmCpuNanos() - jvmCpu0) / 1e9;
            ScalingDbStats server = serverStats(database).minus(before);
            Map<String, Object> job = jobFigures(database, summary.executionId());
            job.put("jvm_cpu", jvmCpu);
            job.put("backend_cpu", backendCpu);
            job.put("wal", walOfRun);
            report(summary, wall, job, managerRun, workerRun, server, partitions, workerCount, threads, workerPeak,
                    managerPeak, statementsOfRun);
            if (idleSeconds > 0) {
                idleWorkers(database, workerCount, threads, idleSeconds);
            }
        } finally {
            dropDatabase(database);
        }
    }

    private void idleWorkers(String database, int workerCount, int threads, int seconds) throws Exception {
        ScalingDbStats before = serverStats(database);
        Delta idle;
        List<StatementFigures> statements;
        try (Role role = new Role(); Workers workers = new Workers(role, database, workerCount, threads)) {
            workers.awaitRegistered(workerCount);
            Thread.sleep(2_000);
            resetServerStatements(database);
            Moment a = Moment.of(role);
            Thread.sleep(seconds * 1_000L);
            idle = Delta.between(a, Moment.of(role));
            statements = serverStatements(database);
        }
        ScalingDbStats server = serverStats(database).minus(before);
        int pollers = workerCount * threads;
        System.out.printf("%n### Idle workers (no job): %d context(s) × %d thread(s) for %.1f s%n", workerCount, threads, idle.seconds);
        System.out.printf("client: %.1f statements/s in all, %.2f per polling thread per second; %.1f transactions/s%n",
                idle.jdbc.calls() / idle.seconds, idle.jdbc.calls() / idle.seconds / pollers,
                idle.jdbc.transactions() / idle.seconds);
        System.out.printf("server, whole session with start-up and stop (%d contexts): xact_commit %d, INT_CHANNEL_MESSAGE scans %d%n",
                workerCount, server.db("xact_commit"),
                server.table("int_channel_message", "seq_scan") + server.table("int_channel_message", "idx_scan"));
        statements("idle workers", statements, idle, idle.seconds, "/s");
    }

    /** A manager alone with P partition requests and no worker: what waiting costs per second. */
    private void managerIdle(Path dir, int partitions, int seconds) throws Exception {
        String database = createDatabase();
        try {
            deleteTree(dir);
            FhdrFiles.generate(dir, partitions * 2, 7);
            Delta waiting;
            List<StatementFigures> statements;
            ExecutionSummary summary;
            try (Role manager = new Role()) {
                DataSource pool = manager.pool(database, managerPoolSize);
                int timeout = seconds + 20;
                try (PatchJobService service = new PatchJobService(pool,
                        PatchJobSettings.remoteManager(Duration.ofSeconds(30), Duration.ofSeconds(timeout)))) {
                    LaunchRequest request = new LaunchRequest(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                            new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false),
                            partitions, 1, 500, WriteOptions.builder().syncMode(SyncMode.NONE).build(), false, null,
                            FailureLimit.NONE, false, false, false);
                    CompletableFuture<ExecutionSummary> launch = CompletableFuture.supplyAsync(() -> service.launch(request));
                    JdbcTemplate jdbc = new JdbcTemplate(pool);
                    while (jdbc.queryForObject("SELECT COUNT(*) FROM int_channel_message", Long.class) < partitions) {
                        Thread.sleep(200);
                    }
                    Thread.sleep(3_000);
                    System.out.printf("%npartition request messages: %s bytes each on average (MESSAGE_CONTENT)%n",
                            jdbc.queryForObject("SELECT ROUND(AVG(OCTET_LENGTH(message_content))) FROM int_channel_message",
                                    Long.class));
                    resetServerStatements(database);
                    Moment a = Moment.of(manager);
                    Thread.sleep(seconds * 1_000L);
                    waiting = Delta.between(a, Moment.of(manager));
                    statements = serverStatements(database);
                    summary = launch.get();
                }
            }
            System.out.printf("%n## Manager waiting on %d partitions, no worker, for %.1f s (job then ends %s by its timeout)%n",
                    partitions, waiting.seconds, summary.status());
            System.out.printf("client: %.1f statements/s, %.1f rows fetched/s; %.1f ms in JDBC per second%n",
                    waiting.jdbc.calls() / waiting.seconds, waiting.jdbc.rows() / waiting.seconds,
                    waiting.jdbc.millis() / waiting.seconds);
            statements("manager waiting", statements, waiting, waiting.seconds, "/s");
        } finally {
            dropDatabase(database);
        }
    }

    /**
     * The manager's counters as soon as the manifest is complete, when the server's statement statistics start over
     * too (polled on a connection of its own, not counted).
     */
    private Moment afterScan(String database, Role manager) {
        try (SingleConnectionDataSource monitor = monitor(database)) {
            JdbcTemplate jdbc = new JdbcTemplate(monitor);
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (jdbc.queryForObject("SELECT COUNT(*) FROM hp_job_summary WHERE files_total IS NOT NULL", Long.class) > 0) {
                    Moment scanned = Moment.of(manager);
                    if (statementStatsLoaded) {
                        StatementStats.reset(jdbc);
                    }
                    return scanned;
                }
                Thread.sleep(20);
            }
        } catch (RuntimeException | InterruptedException e) {
            System.err.println("scan watcher: " + e.getMessage());
        }
        return null;
    }

    /** A connection of the benchmark's own to {@code database}, not counted by any role. */
    private SingleConnectionDataSource monitor(String database) {
        return new SingleConnectionDataSource(url(database), user, "", true);
    }

    private String url(String database) {
        return "jdbc:postgresql://" + server + "/" + database;
    }

    private void resetServerStatements(String database) {
        if (statementStatsLoaded) {
            try (SingleConnectionDataSource monitor = monitor(database)) {
                StatementStats.reset(new JdbcTemplate(monitor));
            }
        }
    }

    /** What the server counted per statement of {@code database} since its last reset; null where it does not count. */
    private List<StatementFigures> serverStatements(String database) {
        if (!statementStatsLoaded) {
            return null;
        }
        try (SingleConnectionDataSource monitor = monitor(database)) {
            return StatementStats.top(new JdbcTemplate(monitor), SERVER_STATEMENTS);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    // ---------------------------------------------------------------------------------------------

    private void report(ExecutionSummary summary, double wall, Map<String, Object> job, Delta manager, Delta workers,
                        ScalingDbStats server, int partitions, int workerCount, int threads, int workerPeak,
                        int managerPeak, List<StatementFigures> statementsOfRun) {
        long chunks = ((Number) job.get("commits")).longValue();
        double patchSeconds = ((Number) job.get("patch_seconds")).doubleValue();
        long files = summary.filesDecided();
        System.out.printf("status %s, outcomes %s, partitions run by %s distinct workers%n", summary.status(),
                summary.outcomes().entrySet().stream().filter(e -> e.getValue() > 0).toList(), job.get("workers"));
        System.out.printf("wall %.1f s (scan step %.1f s, patch step %.1f s); %,.0f files/s over the patch step, %,.0f over the wall%n",
                wall, ((Number) job.get("scan_seconds")).doubleValue(), patchSeconds, files / patchSeconds, files / wall);
        System.out.printf("chunks committed %d (%.1f per partition); connections: workers borrowed at most %d at once "
                        + "(%d contexts × %d thread(s)); manager borrowed at most %d%n",
                chunks, (double) chunks / partitions, workerPeak, workerCount, threads, managerPeak);
        System.out.printf("a partition's step execution context: %.0f characters of JSON (serialized_context %.0f bytes)%n",
                ((Number) job.get("context_chars")).doubleValue(), ((Number) job.get("serialized_context_bytes")).doubleValue());
        System.out.println();
        System.out.println("| counted in the client | statements | transactions | rows fetched or written |");
        System.out.println("|---|---:|---:|---:|");
        row("workers, total", workers, 1);
        row("workers, per chunk", workers, chunks);
        row("manager after the scan, total", manager, 1);
        row("manager, per partition", manager, partitions);
        System.out.printf("| manager, per second of patch step | %.1f | %.1f | |%n",
                manager.jdbc.calls() / patchSeconds, manager.jdbc.transactions() / patchSeconds);
        System.out.println();
        System.out.printf("server (pg_stat_database, whole session incl. scan): xact_commit %,d (%.2f per chunk, %,.0f/s over the patch step), "
                        + "tup_inserted %,d, tup_updated %,d, tup_deleted %,d, tup_fetched %,d, tup_returned %,d%n",
                server.db("xact_commit"), (double) server.db("xact_commit") / chunks, server.db("xact_commit") / patchSeconds,
                server.db("tup_inserted"), server.db("tup_updated"), server.db("tup_deleted"), server.db("tup_fetched"),
                server.db("tup_returned"));
        System.out.printf("server WAL (pg_stat_wal, server-wide): %s (%.0f bytes per file)%n", server.wal(),
                server.wal().get("wal_bytes") / (double) files);
        long[] wal = (long[]) job.get("wal");
        if (wal != null) {
            System.out.printf("WAL of this database alone (pg_walinspect, launch to end, scan included): %,d records, %,d bytes "
                    + "(%.0f bytes per file, of which full-page images %,d bytes)%n", wal[0], wal[1], wal[1] / (double) files, wal[2]);
        }
        System.out.printf("CPU of this database's PostgreSQL backends from launch to end (scan included): %.1f s, %.1f µs per file%n",
                ((Number) job.get("backend_cpu")).doubleValue(), ((Number) job.get("backend_cpu")).doubleValue() * 1e6 / files);
        System.out.printf("CPU, whole session incl. scan and start-up: PostgreSQL %.1f s (server-wide; %.1f µs per file), "
                        + "this JVM %.1f s (%.1f µs per file)%n",
                server.postgresCpuSeconds(), server.postgresCpuSeconds() * 1e6 / files,
                ((Number) job.get("jvm_cpu")).doubleValue(), ((Number) job.get("jvm_cpu")).doubleValue() * 1e6 / files);
        System.out.println();
        System.out.println("| table | n_tup_ins | n_tup_upd (hot) | n_tup_del | idx_scan | seq_scan | ins+upd per chunk |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        server.tables().forEach((table, d) -> System.out.printf("| %s | %,d | %,d (%,d) | %,d | %,d | %,d | %.2f |%n", table,
                d.get("n_tup_ins"), d.get("n_tup_upd"), d.get("n_tup_hot_upd"), d.get("n_tup_del"), d.get("idx_scan"),
                d.get("seq_scan"), (d.get("n_tup_ins") + d.get("n_tup_upd")) / (double) chunks));
        if (statementsOfRun != null) {
            statements("of all roles from the end of the scan, per chunk (" + chunks + " chunks, " + partitions + " partitions)",
                    statementsOfRun, null, chunks, "/chunk");
        } else {
            statements("workers, per chunk (" + chunks + " chunks)", null, workers, chunks, "/chunk");
            statements("manager after the scan, per partition (" + partitions + " partitions)", null, manager, partitions,
                    "/partition");
        }
    }

    private static void row(String label, Delta d, long per) {
        System.out.printf("| %s | %.2f | %.2f | %.1f |%n", label, d.jdbc.calls() / (double) per,
                d.jdbc.transactions() / (double) per, d.jdbc.rows() / (double) per);
    }

    /**
     * One table of statements, the most time first: as the server counted them ({@code server}, the top
     * {@value #SERVER_STATEMENTS}), or where it does not count (null), as the client counted them ({@code client}).
     */
    private static void statements(String title, List<StatementFigures> server, Delta client, double per, String unit) {
        if (server != null) {
            System.out.printf("%n#### Statements %s, server-side (pg_stat_statements, top %d by time)%n", title, SERVER_STATEMENTS);
        } else {
            System.out.printf("%n#### Statements %s, client-side (commits %d, rollbacks %d, auto-commit statements %d)%n", title,
                    client.jdbc.commits(), client.jdbc.rollbacks(), client.jdbc.autoCommitStatements());
        }
        System.out.println("| statement | calls | calls " + unit + " | rows | total ms | ms per call |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        (server != null ? server : client.jdbc.statements().values()).stream()
                .filter(s -> s.calls() > 0)
                .sorted(Comparator.comparingDouble(StatementFigures::millis).reversed())
                .forEach(s -> System.out.printf("| `%s` | %,d | %.2f | %,d | %,.1f | %.3f |%n", s.query().replace("|", "\\|"),
                        s.calls(), s.calls() / per, s.rows(), s.millis(), s.millis() / s.calls()));
    }

    private Map<String, Object> jobFigures(String database, long executionId) throws SQLException {
        Map<String, Object> figures = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url(database), user, "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("""
                    SELECT COALESCE(SUM(commit_count), 0), COALESCE(SUM(read_count), 0),
                           COUNT(DISTINCT o.worker_name)
                    FROM batch_step_execution e LEFT JOIN hp_step_owner o USING (step_execution_id)
                    WHERE e.job_execution_id = %d AND e.step_name LIKE 'patch-worker:%%'""".formatted(executionId))) {
                rs.next();
                figures.put("commits", rs.getLong(1));
                figures.put("reads", rs.getLong(2));
                figures.put("workers", rs.getLong(3));
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT AVG(LENGTH(c.short_context)), AVG(OCTET_LENGTH(c.serialized_context))
                    FROM batch_step_execution_context c JOIN batch_step_execution e USING (step_execution_id)
                    WHERE e.job_execution_id = %d AND e.step_name LIKE 'patch-worker:%%'""".formatted(executionId))) {
                rs.next();
                figures.put("context_chars", rs.getDouble(1));
                figures.put("serialized_context_bytes", rs.getDouble(2));
            }
            for (String step : List.of("scan", "patch")) {
                try (ResultSet rs = s.executeQuery("""
                        SELECT EXTRACT(EPOCH FROM end_time - start_time) FROM batch_step_execution
                        WHERE job_execution_id = %d AND step_name = '%s'""".formatted(executionId, step))) {
                    figures.put(step + "_seconds", rs.next() ? rs.getDouble(1) : Double.NaN);
                }
            }
        }
        return figures;
    }

    // ---------------------------------------------------------------------------------------------

    private String createDatabase() throws Exception {
        String name = "hp_scaling_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        try (HikariDataSource pool = Databases.open(url(name), user, "", 2)) {
            Databases.migrate(pool);
            StatementStats.enable(new JdbcTemplate(pool));
        }
        return name;
    }

    private void dropDatabase(String name) throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** The server's counters once every backend of the database has exited (and so flushed its statistics). */
    private ScalingDbStats serverStats(String database) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(url("postgres"), user, "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
                rs.next();
                if (rs.getLong(1) == 0 || System.nanoTime() > deadline) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        Thread.sleep(300);
        return ScalingDbStats.take(server, user, database);
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), user, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
