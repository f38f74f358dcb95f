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
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.spec.HeaderSpec;
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
 * wall time and files/s; database round trips, transactions, rows and wire bytes per chunk and per
 * partition (counted in the client by a JDBC proxy and a TCP relay, and by the server in
 * pg_stat_database / pg_stat_user_tables); what idle workers cost per second; and what a manager
 * waiting on P partitions costs per second. See perf/SCALING.md.
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

    @Option(names = "--io", paramLabel = "MODE", defaultValue = "MMAP", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    IoMode ioMode;

    @Option(names = "--dir", paramLabel = "DIR", description = "where the files are generated (default: a new temporary folder)")
    Path workDir;

    @Option(names = "--idle-seconds", paramLabel = "S", defaultValue = "20",
            description = "seconds of idle workers measured after each run; 0 skips (default: ${DEFAULT-VALUE})")
    int idleSecondsOption;

    @Option(names = "--manager-idle-partitions", paramLabel = "P", defaultValue = "0",
            description = "partitions of a manager waiting with no worker; 0 skips (default: ${DEFAULT-VALUE})")
    int managerIdlePartitionCount;

    @Option(names = "--worker-pool", paramLabel = "N", description = "connections per worker context (default: 2 × threads + 1)")
    Integer workerPoolSize;

    @Option(names = "--manager-pool", paramLabel = "N", defaultValue = "4", description = "(default: ${DEFAULT-VALUE})")
    int managerPoolSize;

    @Option(names = "--db-host", paramLabel = "HOST:PORT", defaultValue = "${env:HEADPATCH_TEST_DB_HOST:-127.0.0.1:5432}",
            description = "(default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--no-wire", negatable = false, description = "no TCP relay counting the wire's bytes")
    boolean noWire;

    private boolean wire;

    @Override
    public Integer call() throws Exception {
        wire = !noWire;
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
        System.out.printf("# RemoteScalingBenchmark%nmachine: %d cores, %s %s; PostgreSQL at %s; wire relay %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), server, wire ? "on" : "off");
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

    /** One role's view of the database: a JDBC counter, and a TCP relay counting bytes. */
    private final class Role implements AutoCloseable {
        final ScalingSqlCounter sql = new ScalingSqlCounter();
        final ScalingWireCounter relay;
        final List<HikariDataSource> pools = new ArrayList<>();

        Role() throws Exception {
            String[] hostPort = server.split(":");
            this.relay = wire ? new ScalingWireCounter(hostPort[0], Integer.parseInt(hostPort[1])) : null;
        }

        DataSource pool(String database, int size) {
            String address = relay != null ? "127.0.0.1:" + relay.port() : server;
            HikariDataSource pool = Databases.open("jdbc:postgresql://" + address + "/" + database, user, "", size);
            pools.add(pool);
            return sql.wrap(pool);
        }

        long[] bytes() {
            return relay == null ? new long[] {0, 0} : new long[] {relay.toServer(), relay.fromServer()};
        }

        @Override
        public void close() throws Exception {
            pools.forEach(HikariDataSource::close);
            if (relay != null) {
                relay.close();
            }
        }
    }

    private record Moment(ScalingSqlCounter.Snapshot sql, long[] bytes, long nanos) {
        static Moment of(Role role) {
            return new Moment(role.sql.snapshot(), role.bytes(), System.nanoTime());
        }
    }

    private record Delta(ScalingSqlCounter.Snapshot sql, long toServer, long fromServer, double seconds) {
        static Delta between(Moment a, Moment b) {
            return new Delta(b.sql.minus(a.sql), b.bytes[0] - a.bytes[0], b.bytes[1] - a.bytes[1], (b.nanos - a.nanos) / 1e9);
        }
    }

    private final class Workers implements AutoCloseable {
        final List<PatchJobService> services = new ArrayList<>();
        final List<PartitionWorker> workers = new ArrayList<>();

        Workers(Role role, String database, int count, int threads) {
            for (int i = 0; i < count; i++) {
                DataSource pool = role.pool(database, workerPoolSize != null ? workerPoolSize : 2 * threads + 1);
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
            while (services.get(0).jdbc().queryForObject("SELECT COUNT(*) FROM hp_worker WHERE stopped_at IS NULL", Long.class) < count) {
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
            int workerOpened;
            double backendCpu;
            long[] walOfRun;
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
                            null, FailureLimit.NONE, false, false);
                    // The scan's COPY goes through the manager's pool too: count the manager from the end of the scan.
                    CompletableFuture<Moment> scanned = CompletableFuture.supplyAsync(() -> afterScan(database, manager));
                    String lsn0 = ScalingDbStats.walLsn(server, user);
                    long t0 = System.nanoTime();
                    summary = service.launch(request);
                    wall = (System.nanoTime() - t0) / 1e9;
                    walOfRun = ScalingDbStats.walOfDatabase(server, user, database, lsn0);
                    Moment m1 = scanned.get();
                    managerRun = Delta.between(m1 != null ? m1 : m0, Moment.of(manager));
                    workerRun = Delta.between(w0, Moment.of(workerRole));
                    workerPeak = workerRole.sql.peakBorrowed();
                    managerPeak = manager.sql.peakBorrowed();
                    workerOpened = workerRole.relay == null ? -1 : workerRole.relay.opened();
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
                    managerPeak, workerOpened);
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
        try (Role role = new Role(); Workers workers = new Workers(role, database, workerCount, threads)) {
            workers.awaitRegistered(workerCount);
            Thread.sleep(2_000);
            Moment a = Moment.of(role);
            Thread.sleep(seconds * 1_000L);
            idle = Delta.between(a, Moment.of(role));
        }
        ScalingDbStats server = serverStats(database).minus(before);
        int pollers = workerCount * threads;
        System.out.printf("%n### Idle workers (no job): %d context(s) × %d thread(s) for %.1f s%n", workerCount, threads, idle.seconds);
        System.out.printf("client: %.1f statements/s in all, %.2f per polling thread per second; %.1f transactions/s; "
                        + "%.0f B/s to the server, %.0f B/s back%n",
                idle.sql.statements() / idle.seconds, idle.sql.statements() / idle.seconds / pollers,
                idle.sql.transactions() / idle.seconds, idle.toServer / idle.seconds, idle.fromServer / idle.seconds);
        System.out.printf("server, whole session with start-up and stop (%d contexts): xact_commit %d, INT_CHANNEL_MESSAGE scans %d%n",
                workerCount, server.db("xact_commit"),
                server.table("int_channel_message", "seq_scan") + server.table("int_channel_message", "idx_scan"));
        statements("idle workers, per second", idle.sql, idle.seconds, "/s");
    }

    /** A manager alone with P partition requests and no worker: what waiting costs per second. */
    private void managerIdle(Path dir, int partitions, int seconds) throws Exception {
        String database = createDatabase();
        try {
            deleteTree(dir);
            FhdrFiles.generate(dir, partitions * 2, 7);
            Delta waiting;
            ExecutionSummary summary;
            try (Role manager = new Role()) {
                DataSource pool = manager.pool(database, managerPoolSize);
                int timeout = seconds + 20;
                try (PatchJobService service = new PatchJobService(pool,
                        PatchJobSettings.remoteManager(Duration.ofSeconds(30), Duration.ofSeconds(timeout)))) {
                    LaunchRequest request = new LaunchRequest(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                            new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false),
                            partitions, 1, 500, WriteOptions.builder().syncMode(SyncMode.NONE).build(), false, null,
                            FailureLimit.NONE, false, false);
                    CompletableFuture<ExecutionSummary> launch = CompletableFuture.supplyAsync(() -> service.launch(request));
                    while (count(service, "SELECT COUNT(*) FROM int_channel_message") < partitions) {
                        Thread.sleep(200);
                    }
                    Thread.sleep(3_000);
                    System.out.printf("%npartition request messages: %s bytes each on average (MESSAGE_CONTENT)%n",
                            service.jdbc().queryForObject("SELECT ROUND(AVG(OCTET_LENGTH(message_content))) FROM int_channel_message",
                                    Long.class));
                    Moment a = Moment.of(manager);
                    Thread.sleep(seconds * 1_000L);
                    waiting = Delta.between(a, Moment.of(manager));
                    summary = launch.get();
                }
            }
            System.out.printf("%n## Manager waiting on %d partitions, no worker, for %.1f s (job then ends %s by its timeout)%n",
                    partitions, waiting.seconds, summary.status());
            System.out.printf("client: %.1f statements/s, %.1f rows fetched/s, %.0f B/s to the server, %.0f B/s back; "
                            + "%.1f ms of statements per second%n",
                    waiting.sql.statements() / waiting.seconds,
                    waiting.sql.bySql().values().stream().mapToLong(v -> v[2]).sum() / waiting.seconds,
                    waiting.toServer / waiting.seconds, waiting.fromServer / waiting.seconds,
                    waiting.sql.bySql().values().stream().mapToLong(v -> v[3]).sum() / 1e6 / waiting.seconds);
            statements("manager waiting, per second", waiting.sql, waiting.seconds, "/s");
        } finally {
            dropDatabase(database);
        }
    }

    /** The manager's counters as soon as the manifest is complete (polled on a connection of its own, not counted). */
    private Moment afterScan(String database, Role manager) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/" + database, user, "");
             Statement s = c.createStatement()) {
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM hp_manifest WHERE file_count IS NOT NULL")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return Moment.of(manager);
                    }
                }
                Thread.sleep(20);
            }
        } catch (SQLException | InterruptedException e) {
            System.err.println("scan watcher: " + e.getMessage());
        }
        return null;
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

    private static long count(PatchJobService service, String sql) {
        return service.jdbc().queryForObject(sql, Long.class);
    }

    // ---------------------------------------------------------------------------------------------

    private void report(ExecutionSummary summary, double wall, Map<String, Object> job, Delta manager, Delta workers,
                        ScalingDbStats server, int partitions, int workerCount, int threads, int workerPeak,
                        int managerPeak, int workerOpened) {
        long chunks = ((Number) job.get("commits")).longValue();
        double patchSeconds = ((Number) job.get("patch_seconds")).doubleValue();
        long files = summary.filesDecided();
        System.out.printf("status %s, outcomes %s, partitions run by %s distinct workers%n", summary.status(),
                summary.outcomes().entrySet().stream().filter(e -> e.getValue() > 0).toList(), job.get("workers"));
        System.out.printf("wall %.1f s (scan step %.1f s, patch step %.1f s); %,.0f files/s over the patch step, %,.0f over the wall%n",
                wall, ((Number) job.get("scan_seconds")).doubleValue(), patchSeconds, files / patchSeconds, files / wall);
        System.out.printf("chunks committed %d (%.1f per partition); connections: workers opened %d, borrowed at most %d at once "
                        + "(%d contexts × %d thread(s)); manager borrowed at most %d%n",
                chunks, (double) chunks / partitions, workerOpened, workerPeak, workerCount, threads, managerPeak);
        System.out.printf("a partition's step execution context: %.0f characters of JSON (serialized_context %.0f bytes)%n",
                ((Number) job.get("context_chars")).doubleValue(), ((Number) job.get("serialized_context_bytes")).doubleValue());
        System.out.println();
        System.out.println("| counted where | statements | transactions | rows fetched or written | bytes to server | bytes back |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        row("workers, total", workers, 1);
        row("workers, per chunk", workers, chunks);
        row("manager after the scan, total", manager, 1);
        row("manager, per partition", manager, partitions);
        System.out.printf("| manager, per second of patch step | %.1f | %.1f | | %.0f | %.0f |%n",
                manager.sql.statements() / patchSeconds, manager.sql.transactions() / patchSeconds,
                manager.toServer / patchSeconds, manager.fromServer / patchSeconds);
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
        statements("workers, per chunk (" + chunks + " chunks)", workers.sql, chunks, "/chunk");
        statements("manager, per partition (" + partitions + " partitions)", manager.sql, partitions, "/partition");
    }

    private static void row(String label, Delta d, long per) {
        long rows = d.sql.bySql().values().stream().mapToLong(v -> v[2]).sum();
        System.out.printf("| %s | %.2f | %.2f | %.1f | %.0f | %.0f |%n", label, d.sql.statements() / (double) per,
                d.sql.transactions() / (double) per, rows / (double) per, d.toServer / (double) per, d.fromServer / (double) per);
    }

    private static void statements(String title, ScalingSqlCounter.Snapshot sql, double per, String unit) {
        System.out.printf("%n#### Statements, %s (commits %d, rollbacks %d, auto-commit statements %d)%n", title,
                sql.commits(), sql.rollbacks(), sql.autocommitStatements());
        System.out.println("| statement | executions | " + unit + " | batched rows | rows | ms per execution |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        sql.bySql().entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> {
                    long[] v = e.getValue();
                    System.out.printf("| `%s` | %,d | %.2f | %,d | %,d | %.3f |%n", e.getKey().replace("|", "\\|"), v[0],
                            v[0] / per, v[1], v[2], v[3] / 1e6 / v[0]);
                });
    }

    private Map<String, Object> jobFigures(String database, long executionId) throws SQLException {
        Map<String, Object> figures = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/" + database, user, "");
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
        try (HikariDataSource pool = Databases.open("jdbc:postgresql://" + server + "/" + name, user, "", 2)) {
            Databases.migrate(pool);
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
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres", user, "");
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
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres", user, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
