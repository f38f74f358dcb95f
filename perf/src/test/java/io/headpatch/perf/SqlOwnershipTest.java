package io.headpatch.perf;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job module owns its tables (and Spring Batch's and Spring Integration's, which it configures): ops and perf
 * read the reporting views of R__reporting_views.sql and ops's own tables, never those. ArchitectureTest cannot see
 * SQL, so this test reads every string literal of ops's and perf's main sources and looks for the names of the tables
 * the migrations create; what perf measures in those tables on purpose is listed below, with the reason.
 */
class SqlOwnershipTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE (\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("\\w+");

    /** Tables ops writes and reads itself. */
    private static final Set<String> OPS_TABLES = Set.of("hp_schedule");

    /** What perf measures in the job's tables on purpose: (source file, why, tables). */
    private static final List<Allowed> MEASURED = List.of(
            new Allowed("perf/src/main/java/io/headpatch/perf/bench/LaunchMeter.java",
                    "the rows and bytes a launch adds to each per-file table, the seconds of its steps",
                    "hp_file", "hp_outcome", "hp_journal", "hp_carried", "batch_step_execution"),
            new Allowed("perf/src/main/java/io/headpatch/perf/bench/IncrementalTable.java",
                    "the headings and keys of LaunchMeter's figures by table",
                    "hp_file", "hp_outcome", "hp_journal", "hp_carried"),
            new Allowed("perf/src/main/java/io/headpatch/perf/bench/HeadpatchMain.java",
                    "the seconds and write counts of the scan and patch steps", "batch_step_execution"),
            new Allowed("perf/src/main/java/io/headpatch/perf/RemoteScalingBenchmark.java",
                    "the number and size of the partition requests on the JDBC channel; commits, reads, seconds, workers"
                            + " and execution context size of the partition steps",
                    "int_channel_message", "batch_step_execution", "hp_step_owner", "batch_step_execution_context"));

    @Test
    void opsAndPerfNameNoTableOfTheJobBeyondWhatPerfMeasures() {
        // given
        Set<String> jobTables = jobTables();
        Set<String> allowed = new TreeSet<>(MEASURED.stream().flatMap(Allowed::keys).toList());

        // when
        Set<String> named = new TreeSet<>();
        for (Path source : sources("ops/src/main/java", "perf/src/main/java")) {
            String file = ROOT.relativize(source).toString();
            for (String literal : StringLiterals.of(read(source))) {
                Matcher words = WORD.matcher(literal.toLowerCase(Locale.ROOT));
                while (words.find()) {
                    if (jobTables.contains(words.group())) {
                        named.add(file + " " + words.group());
                    }
                }
            }
        }

        // then
        assertThat(jobTables).contains("hp_manifest", "batch_job_execution", "int_channel_message").doesNotContainAnyElementsOf(OPS_TABLES);
        assertThat(named).as("job tables named in ops or perf (use a reporting view, or list what perf measures)")
                .isSubsetOf(allowed);
        assertThat(allowed).as("allowed but no longer named: remove them from MEASURED").isSubsetOf(named);
    }

    @Test
    void literalsAreReadWithoutCommentsAndCharacters() {
        // given
        String source = """
                // "not this"
                /* nor "this" */
                char quote = '"';
                String a = "SELECT 1 FROM \\"x\\"";
                String b = \"""
                    SELECT "y" FROM z\""";
                """;

        // when
        List<String> literals = StringLiterals.of(source);

        // then
        assertThat(literals).containsExactly("SELECT 1 FROM \\\"x\\\"", "\n    SELECT \"y\" FROM z");
    }

    /** The tables the migrations create, lower case, but for ops's own. */
    private static Set<String> jobTables() {
        Set<String> tables = new TreeSet<>();
        for (Path migration : sources("schema/src/main/resources/db/migration")) {
            Matcher matcher = CREATE_TABLE.matcher(read(migration));
            while (matcher.find()) {
                tables.add(matcher.group(1).toLowerCase(Locale.ROOT));
            }
        }
        tables.removeAll(OPS_TABLES);
        return tables;
    }

    private static List<Path> sources(String... directories) {
        List<Path> files = new ArrayList<>();
        for (String directory : directories) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(directory))) {
                walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(files).as("sources under %s", List.of(directories)).isNotEmpty();
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Allowed(String source, String reason, String... tables) {
        Stream<String> keys() {
            return Stream.of(tables).map(table -> source + " " + table);
        }
    }
}
