package io.headpatch.perf.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.headpatch.job.Databases;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.PruneRequest;
import io.headpatch.job.PruneResult;
import io.headpatch.job.ScanRequest;
import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.output.Json;
import io.headpatch.perf.db.JdbcCounter;
import io.headpatch.worker.spec.HeaderSpec;
import picocli.CommandLine.Command;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Option;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code perf/bench incremental}: a nightly re-run over a tree that is mostly done, full against {@code --incremental}
 * (issue 15: on N files of which 1 % are new, the incremental run takes at most 15 % of a full run's time). On N
 * generated fhdr files and a fresh database of the machine's PostgreSQL, in this JVM, with the launch defaults: a
 * first launch patches them all; a second, full launch reads every header again and finds it done (the full nightly
 * run); 1 % new files are added in new folders; an incremental launch compares with the second and plans only them;
 * a second incremental launch shows the steady state. Prints each launch's time, CPU, steps and the statements it
 * waited on most, the rows and bytes each added to the per-file tables, and what {@code prune} would remove.
 */
@Command(name = "incremental", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times a full nightly re-run over a done tree against an incremental one with 1 %% new files.")
public final class Incremental implements Callable<Integer> {

    private static final long SEED = 20_240_601L;

    @Option(names = "--files", paramLabel = "N", defaultValue = "1000000",
            description = "files in the tree before the new ones (default: ${DEFAULT-VALUE})")
    int files;

    @Option(names = "--new", paramLabel = "PERCENT", defaultValue = "1",
            description = "new files added before the incremental run, in %% of N (default: ${DEFAULT-VALUE})")
    double newPercent;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "/tmp/headpatch-incremental",
            description = "work folder; the tree is generated in it for this run and deleted afterwards (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--keep-tree", description = "keep the generated tree")
    boolean keepTree;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "perf/results",
            description = "where the JSON goes (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--db", paramLabel = "JDBC_URL", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres",
            description = "maintenance database of the PostgreSQL server; the run gets a new database there "
                    + "(default: ${DEFAULT-VALUE})")
    String adminUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
    String dbUser;

    @Option(names = "--keep-db", description = "keep the run's database (to query it afterwards)")
    boolean keepDatabase;

    @Option(names = "--no-statement-figures", description = "launch on the plain pool: no JDBC time by statement, and none of "
            + "the counting proxies' cost (a reflective call per ResultSet getter)")
    boolean plainJdbc;

    @Override
    public Integer call() throws Exception {
        Log log = new Log(System.out);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path tree = dir.resolve("tree-" + stamp);
        try (BenchDatabase database = BenchDatabase.onServer(adminUrl, dbUser, "hp_incr_" + stamp.replace('-', '_'), keepDatabase);
             HikariDataSource pool = Databases.open(database.jdbcUrl(), database.user(), null,
                     PatchJobSettings.poolSize(PatchJobSettings.DEFAULT_THREADS))) {
            Databases.migrate(pool);
            JdbcCounter counter = new JdbcCounter();
            DataSource dataSource = plainJdbc ? pool : counter.wrap(pool);
            try (PatchJobService service = new PatchJobService(dataSource)) {
                run(service, new LaunchMeter(new JdbcTemplate(dataSource), counter), tree, stamp, log);
            }
        } finally {
            if (!keepTree && Files.exists(tree)) {
                log.line("deleting %s", tree);
                Shell.run(List.of("rm", "-rf", tree.toString()));
            }
        }
        return 0;
    }

    private void run(PatchJobService service, LaunchMeter meter, Path tree, String stamp, Log log)
            throws Exception {
        HeaderSpec spec = HeaderSpec.resolve(HeadpatchMain.SPEC, Map.of());
        int added = (int) Math.max(1, Math.round(files * newPercent / 100));
        log.line("on %s", Machine.jdk());
        log.line("generating %,d fhdr v1.2 files in %s", files, tree);
        FhdrFiles.generate(tree.resolve("old"), files, SEED);
        List<LaunchMeter.Figures> launches = new ArrayList<>();
        launches.add(launch(service, meter, spec, tree, false, "first launch (patches every file)", log));
        LaunchMeter.Figures full = launch(service, meter, spec, tree, false, "full re-run over the done tree", log);
        launches.add(full);
        log.line("adding %,d new files in %s", added, tree.resolve("new"));
        FhdrFiles.generate(tree.resolve("new"), added, SEED + 1);
        LaunchMeter.Figures incremental = launch(service, meter, spec, tree, true, "incremental, " + added + " new files", log);
        launches.add(incremental);
        launches.add(launch(service, meter, spec, tree, true, "incremental again (steady state)", log));
        log.line("prune, dry runs");
        // A cutoff a minute ahead of the database's clock: every finished instance.
        Duration everything = Duration.ofMinutes(-1);
        Result result = new Result(launches, full, incremental, service.prune(new PruneRequest(everything, false, true)),
                service.prune(new PruneRequest(everything, true, true)));
        System.out.println();
        IncrementalTable.lines(result).forEach(System.out::println);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", Machine.describe(dir));
        json.put("files", files);
        json.put("newFiles", added);
        json.put("startedAt", stamp);
        json.put("launches", launches);
        json.put("incrementalOverFullTime", result.timeRatio());
        json.put("incrementalOverFullCpu", result.cpuRatio());
        json.put("prune", result.prune());
        json.put("pruneIncludeJournal", result.pruneIncludeJournal());
        Files.createDirectories(results);
        Path file = results.resolve("incremental-" + files + "-" + stamp + ".json");
        Files.writeString(file, Json.MAPPER.writeValueAsString(json));
        System.out.println("\nwritten: " + file);
    }

    private static LaunchMeter.Figures launch(PatchJobService service, LaunchMeter meter, HeaderSpec spec, Path tree,
                                              boolean incremental, String label, Log log) throws Exception {
        LaunchMeter.Figures figures = meter.measure(label, () -> service.launch(LaunchRequest.builder(spec,
                new ScanRequest(List.of(tree), null, List.of(), List.of(), null, null, false)).incremental(incremental).build()));
        log.line("%s: %.2f s, %s (load before %s)", label, figures.seconds(), figures.outcomes(),
                figures.loadBefore());
        return figures;
    }

    /** The launches, the two compared, and what prune would remove without and with the journal. */
    record Result(List<LaunchMeter.Figures> launches, LaunchMeter.Figures full, LaunchMeter.Figures incremental,
                  PruneResult prune, PruneResult pruneIncludeJournal) {

        double timeRatio() {
            return incremental.seconds() / full.seconds();
        }

        double cpuRatio() {
            return incremental.cpuSeconds() / full.cpuSeconds();
        }
    }
}
