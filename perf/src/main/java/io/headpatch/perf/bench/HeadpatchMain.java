package io.headpatch.perf.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.LaunchRequest;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.Databases;
import io.headpatch.perf.db.JdbcCounter;
import io.headpatch.perf.db.StatementStats;
import io.headpatch.worker.spec.HeaderSpec;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * headpatch end to end, as {@code headpatch launch} runs it: the scan, the partitioned patch with its journal,
 * syncs and checkpoints, on a fresh database. Opening the pool and migrating the schema are not timed.
 */
public final class HeadpatchMain {

    static final String SPEC = "fhdr-v1.3";
    /** The statements that took the server the most time, as many as the table shows. */
    private static final int SERVER_STATEMENTS = 12;
    /** The scan's and the patch step's times, as Spring Batch recorded them. */
    private static final String STEP_SECONDS = """
            SELECT step_name, EXTRACT(EPOCH FROM end_time - start_time)::float8 AS seconds, write_count
            FROM batch_step_execution WHERE job_execution_id = ? AND step_name IN ('scan', 'patch')""";

    private HeadpatchMain() {
    }

    public static void main(String[] args) throws Exception {
        HeadpatchTask task = ChildJvm.task(args[0], HeadpatchTask.class);
        LaunchRequest request = LaunchRequest.builder(HeaderSpec.resolve(SPEC, Map.of()),
                        new ScanRequest(List.of(Path.of(task.dir())), null, List.of(), List.of(), null, null, false))
                .partitions(task.partitions()).threads(task.threads()).chunk(task.chunk())
                .write(WriteOptions.builder().ioMode(task.io()).syncMode(task.sync())
                        .syncParallelism(task.syncParallelism()).build())
                .build();
        JdbcCounter jdbc = new JdbcCounter();
        try (ProcessMemory memory = ProcessMemory.watch();
             HikariDataSource pool = Databases.open(task.jdbcUrl(), task.user(), null, PatchJobSettings.poolSize(task.threads()))) {
            Databases.migrate(pool);
            DataSource counted = jdbc.wrap(pool);
            JdbcTemplate database = new JdbcTemplate(counted);
            try (PatchJobService service = new PatchJobService(counted)) {
                boolean statementStats = StatementStats.enable(database);
                long start = System.nanoTime();
                ExecutionSummary summary = service.launch(request);
                double seconds = (System.nanoTime() - start) / 1e9;
                JdbcCounter.Snapshot run = jdbc.snapshot();
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("executionId", summary.executionId());
                figures.put("status", summary.status());
                figures.put("files", summary.filesTotal());
                figures.put("outcomes", summary.outcomes());
                figures.put("seconds", seconds);
                database.query(STEP_SECONDS, rs -> {
                    figures.put(rs.getString(1) + "Seconds", rs.getDouble(2));
                }, summary.executionId());
                figures.put("patchJdbcSeconds", run.patchNanos() / 1e9);
                figures.put("otherJdbcSeconds", run.otherNanos() / 1e9);
                figures.put("jdbcBySql", run.statements().values());
                figures.put("serverCpuSeconds", ServerCpu.seconds(database));
                if (statementStats) {
                    figures.put("serverStatements", StatementStats.top(database, SERVER_STATEMENTS));
                }
                figures.putAll(memory.figures());
                ChildJvm.result(args[1], figures);
            }
        }
    }
}
