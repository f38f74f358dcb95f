package io.headpatch.ops.ui;

import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.job.PartitionWorker;
import io.headpatch.ops.schedule.StopSignal;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.util.HtmlUtils;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The console's pages and endpoints over HTTP, on the test PostgreSQL, with runs made by the commands. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConsoleControllerIntegrationTests {

    private static final String PASSWORD = "s3cret for the test";
    private static final Pattern EXECUTION_ROW = Pattern.compile("href=\"/executions/(\\d+)\"");

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    static Path work;

    private static ConsoleServer server;
    private static long patchedId;
    private static long dryRunId;

    @BeforeAll
    static void start() throws Exception {
        // 30 fhdr files and 120 that are not fhdr (NOT_MATCHING, all for the same reason), patched;
        // another tree in a dry run of another spec
        Path mixed = Files.createDirectories(work.resolve("mixed"));
        FhdrFiles.generate(mixed, 30, 31);
        Random random = new Random(32);
        for (int i = 0; i < 120; i++) {
            byte[] bytes = new byte[200];
            random.nextBytes(bytes);
            System.arraycopy("XYZW".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 4);
            Files.write(mixed.resolve(String.format("other-%03d.bin", i)), bytes);
        }
        Path dry = Files.createDirectories(work.resolve("dry"));
        FhdrFiles.generate(dry, 40, 33);
        Cli cli = database.cli(work.resolve("home"));
        patchedId = executionId(cli.run("launch", "--spec", "fhdr-v1.3", "--root", mixed.toString(), "--partitions", "2",
                "--format", "json"));
        dryRunId = executionId(cli.run("launch", "--spec", "gzip-mtime", "--root", dry.toString(), "--dry-run",
                "--format", "json"));
        server = ConsoleServer.start(ConsoleEndpoint.loopback(0), new ConsoleCredentials("admin", PASSWORD, false, null),
                ConsoleScope.of(List.of(work), null), new ConsoleDatabase(database.dataSource(), "the test database", false), new ConsoleJobs(database.dataSource()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyPageNeedsALoginAndAWrongPasswordIsRefused() throws Exception {
        // given
        ConsoleClient anonymous = new ConsoleClient(server.url());

        // when
        HttpResponse<String> page = anonymous.get("/executions/" + patchedId);
        HttpResponse<String> download = anonymous.get("/executions/" + patchedId + "/report.csv");
        HttpResponse<String> wrong = anonymous.logIn("admin", "not the password");

        // then
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(url -> assertThat(url).endsWith("/login"));
        assertThat(download.statusCode()).isEqualTo(302);
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(url -> assertThat(url).endsWith("/login?error"));
        assertThat(anonymous.get("/executions").statusCode()).isEqualTo(302);
    }

    @Test
    void theProbesAnswerWithoutALogin() throws Exception {
        // given
        ConsoleClient anonymous = new ConsoleClient(server.url());

        // when
        HttpResponse<String> live = anonymous.get("/livez");
        HttpResponse<String> ready = anonymous.get("/readyz");

        // then
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("up\n");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("up\n");
    }

    @Test
    void theExecutionsListFiltersByStatusSpecAndDate() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);
        String today = LocalDate.now().toString();

        // when / then (other tests of this class add runs of fhdr-v1.3, some FAILED)
        assertThat(listed(browser.get("/executions").body())).containsSubsequence(dryRunId, patchedId);
        assertThat(listed(browser.get("/executions?status=COMPLETED&spec=gzip-mtime&from=" + today + "&to=" + today).body()))
                .containsExactly(dryRunId);
        assertThat(listed(browser.get("/executions?spec=fhdr-v1.3").body())).contains(patchedId).doesNotContain(dryRunId);
        assertThat(listed(browser.get("/executions?status=FAILED").body())).doesNotContain(patchedId, dryRunId);
        assertThat(listed(browser.get("/executions?to=" + LocalDate.now().minusDays(1)).body())).isEmpty();
        assertThat(listed(browser.get("/executions?from=" + LocalDate.now().plusDays(1)).body())).isEmpty();
        assertThat(browser.get("/executions?spec=fhdr-v1.3").body()).contains("PATCHED 30", "NOT_MATCHING 120");
    }

    @Test
    void failuresAreGroupedByOutcomeAndReasonWithAPagedDrillDownToTheFiles() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);

        // when
        String page = browser.get("/executions/" + patchedId).body();

        // then one group of 120 NOT_MATCHING files with their reason, linking to the files
        Matcher group = Pattern.compile("<td>NOT_MATCHING</td>\\s*<td><a href=\"([^\"]+)\">([^<]+)</a></td>\\s*<td class=\"num\">120</td>")
                .matcher(page);
        assertThat(group.find()).as(page).isTrue();
        String drillDown = group.group(1).replace("&amp;", "&");

        // when
        List<String> pages = List.of(browser.get(drillDown).body(), browser.get(drillDown + "&page=1").body(),
                browser.get(drillDown + "&page=2").body());

        // then 50 files a page, each with its reason, a next link while there are more, and every file once
        assertThat(pages).extracting(p -> count(p, "<td class=\"path\">")).containsExactly(50, 50, 20);
        assertThat(pages).extracting(p -> p.contains("id=\"next-page\"")).containsExactly(true, true, false);
        assertThat(pages).allSatisfy(p -> assertThat(count(p, "<td>" + group.group(2) + "</td>"))
                .isEqualTo(count(p, "<td class=\"path\">")));
        Matcher path = Pattern.compile("<td class=\"path\">[^<]*/(other-\\d{3}\\.bin)</td>").matcher(String.join("", pages));
        Set<String> names = new TreeSet<>();
        while (path.find()) {
            names.add(path.group(1));
        }
        assertThat(names).hasSize(120).contains("other-000.bin", "other-119.bin");
    }

    @Test
    void theMovingPartIsServedWholeAsOneFragmentWhoseNumbersAgree() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);

        // when
        HttpResponse<String> response = browser.get("/executions/" + patchedId + "/live", "text/html");

        // then one element, the page's #live, with every moving number of the page and nothing else
        assertThat(response.statusCode()).isEqualTo(200);
        String live = response.body().strip();
        assertThat(live).startsWith("<div id=\"live\"").endsWith("</div>").doesNotContain("<html", "id=\"options\"");
        assertThat(live).contains("data-moving=\"false\"", "<span id=\"status\" class=\"status COMPLETED\">COMPLETED</span>",
                "<span id=\"decided\">150</span>", "<span id=\"failures\">0</span>",
                "<td class=\"num\" id=\"outcome-PATCHED\">30</td>", "<td class=\"num\" id=\"outcome-NOT_MATCHING\">120</td>",
                "<span id=\"exit-code\" class=\"muted\">exit 0</span>");
        assertThat(count(live, "<tr data-partition=")).isEqualTo(2);
        assertThat(live).contains("id=\"action-verify\"", "id=\"action-rollback\"")
                .doesNotContain("id=\"action-restart\"", "id=\"action-stop\"", "id=\"action-abandon\"", "id=\"action-retry\"");
    }

    @Test
    void theExecutionsPageShowsWhatTheRunWasLaunchedWith() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);

        // when
        String page = HtmlUtils.htmlUnescape(browser.get("/executions/" + dryRunId).body());

        // then
        assertThat(page).contains("<tr data-option=\"--spec\"><th><code>--spec</code></th>\n        <td class=\"path\">gzip-mtime</td>",
                "<td class=\"path\">" + work.resolve("dry") + "</td>");
        assertThat(page).containsPattern("data-option=\"--dry-run\">.*\\s*<td class=\"path\">yes</td>")
                .containsPattern("data-option=\"--io\">.*\\s*<td class=\"path\">MMAP</td>")
                .containsPattern("data-option=\"--allow-hard-links\">.*\\s*<td class=\"path\">no</td>")
                .containsPattern("data-option=\"--max-failures\">.*\\s*<td class=\"path\">none</td>");
        assertThat(page).as("a dry run wrote nothing to verify or roll back").doesNotContain("id=\"action-verify\"");
    }

    @Test
    void aRunCompletedWithAFileGoneOffersRetryOnlyWhichRunsItAgainOnce() throws Exception {
        // given a run whose manifest names a file that appears only later: COMPLETED, GONE 1, exit 5
        Path tree = Files.createDirectories(work.resolve("retry"));
        List<Path> generated = FhdrFiles.generate(tree, 3, 35);
        Path late = tree.resolve("late.fhdr");
        Path manifest = Files.writeString(work.resolve("retry.txt"), generated.get(0) + "\n" + late + "\n");
        Cli cli = database.cli(work.resolve("home"));
        Cli.Result first = cli.run("launch", "--spec", "fhdr-v1.3", "--root", tree.toString(), "--manifest", manifest.toString(),
                "--format", "json");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(5);
        long completedId = jsonId(first);
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);

        // when
        String before = browser.get("/executions/" + completedId).body();
        String list = browser.get("/executions").body();
        Files.move(generated.get(1), late);
        HttpResponse<String> retry = browser.post("/executions/" + completedId + "/retry", "_csrf=" + token(before));

        // then the page offered Retry alone (with exit 5 in its own colour) and the retry is a new run
        assertThat(before).contains("id=\"action-retry\"", "class=\"status COMPLETED INCOMPLETE\"",
                        "exit 5: COMPLETED with failed files")
                .doesNotContain("id=\"action-restart\"", "id=\"action-abandon\"", "id=\"action-stop\"");
        assertThat(list).contains("COMPLETED · exit 5");
        assertThat(retry.statusCode()).isEqualTo(302);
        long retriedId = Long.parseLong(retry.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
        assertThat(retriedId).isGreaterThan(completedId);
        JdbcTemplate jdbc = database.jdbc();
        await("the retry completes").atMost(90, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> "COMPLETED".equals(jdbc.queryForObject("SELECT status FROM hp_job_summary WHERE job_execution_id = ?",
                        String.class, retriedId)));
        assertThat(jdbc.queryForObject("SELECT patched FROM hp_job_summary WHERE job_execution_id = ?", Long.class, retriedId))
                .isEqualTo(1L);

        // when
        String after = browser.get("/executions/" + completedId).body();
        long executions = jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_execution", Long.class);
        HttpResponse<String> again = browser.post("/executions/" + completedId + "/retry", "_csrf=" + token(after));

        // then Retry is gone, the page links the retry, and a second POST is refused without a run
        assertThat(after).doesNotContain("id=\"action-retry\"").contains("id=\"retried-by\" href=\"/executions/" + retriedId + "\"");
        assertThat(browser.get("/executions/" + retriedId).body()).contains("id=\"retry-of\" href=\"/executions/" + completedId + "\"");
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(HtmlUtils.htmlUnescape(browser.get("/executions/" + completedId).body()))
                .contains("retry of execution " + completedId + " refused: it was already retried by execution " + retriedId);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_execution", Long.class)).isEqualTo(executions);
    }

    @Test
    void aRestartedRunIsGroupedUnderItsInstanceAndOnlyItsNewestExecutionCanBeRestarted() throws Exception {
        // given a run over its failure limit (FAILED), restarted while its file is still missing (FAILED again)
        Path tree = Files.createDirectories(work.resolve("limit"));
        List<Path> generated = FhdrFiles.generate(tree, 2, 36);
        Path manifest = Files.writeString(work.resolve("limit.txt"), generated.get(0) + "\n" + tree.resolve("gone.fhdr") + "\n");
        Cli cli = database.cli(work.resolve("home"));
        Cli.Result first = cli.run("launch", "--spec", "fhdr-v1.3", "--root", tree.toString(), "--manifest", manifest.toString(),
                "--max-failures", "0", "--format", "json");
        long failedId = jsonId(first);
        Cli.Result restarted = cli.run("restart", Long.toString(failedId), "--format", "json");
        long newestId = jsonId(restarted);
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);
        JdbcTemplate jdbc = database.jdbc();
        long executions = jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_execution", Long.class);

        // when
        String superseded = browser.get("/executions/" + failedId).body();
        String newest = browser.get("/executions/" + newestId).body();
        HttpResponse<String> confirm = browser.get("/executions/" + failedId + "/restart");
        HttpResponse<String> restart = browser.post("/executions/" + failedId + "/restart", "_csrf=" + token(superseded));
        String list = browser.get("/executions").body();

        // then
        assertThat(superseded).doesNotContain("id=\"action-restart\"", "id=\"action-abandon\"")
                .contains("data-execution=\"" + failedId + "\"", "data-execution=\"" + newestId + "\"");
        assertThat(newest).contains("id=\"action-restart\"", "id=\"action-abandon\"");
        assertThat(confirm.statusCode()).isEqualTo(302);
        assertThat(restart.statusCode()).isEqualTo(302);
        assertThat(restart.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/executions/" + failedId));
        assertThat(HtmlUtils.htmlUnescape(browser.get("/executions/" + failedId).body())).contains("restart of execution " + failedId
                + " refused: it was continued by execution " + newestId + " of the same instance; act on that one");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_execution", Long.class)).isEqualTo(executions);
        Matcher group = Pattern.compile("<tbody class=\"instance\" data-instance=\"\\d+\">(.*?)</tbody>", Pattern.DOTALL).matcher(list);
        boolean together = false;
        while (group.find()) {
            List<Long> ids = new java.util.ArrayList<>();
            Matcher id = EXECUTION_ROW.matcher(group.group(1));
            while (id.find()) {
                ids.add(Long.parseLong(id.group(1)));
            }
            together |= ids.equals(List.of(newestId, failedId));
        }
        assertThat(together).as(list).isTrue();
    }

    @Test
    void aRunWhoseProcessWasKilledIsShownAsSuchWithRestartAndNoStopAndTheConsolesRestartCompletesIt() throws Exception {
        // given a launch process killed with -9 once its first chunks are committed
        Path tree = Files.createDirectories(work.resolve("killed"));
        FhdrFiles.generate(tree, 3_000, 37);
        JdbcTemplate jdbc = database.jdbc();
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(job_execution_id), 0) FROM batch_job_execution", Long.class);
        Process launch = database.jar(work.resolve("home")).start("launch", "--spec", "fhdr-v1.3", "--root", tree.toString(),
                "--partitions", "2", "--threads", "1", "--chunk", "50", "--sync", "each");
        await("the first chunks are committed").atMost(120, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
                .until(() -> jdbc.queryForObject("SELECT COALESCE(MAX(files_decided), 0) FROM hp_job_summary"
                        + " WHERE job_execution_id > ?", Long.class, before) > 0);
        launch.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long killedId = jdbc.queryForObject("SELECT MAX(job_execution_id) FROM batch_job_execution", Long.class);
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);

        // when
        String list = HtmlUtils.htmlUnescape(browser.get("/executions").body());
        String page = HtmlUtils.htmlUnescape(browser.get("/executions/" + killedId).body());
        HttpResponse<String> stop = browser.post("/executions/" + killedId + "/stop", "_csrf=" + token(page));
        HttpResponse<String> restart = browser.post("/executions/" + killedId + "/restart", "_csrf=" + token(page));

        // then the page says the process is gone and what recovers it, offers Restart and Abandon, and no Stop
        assertThat(page).contains("class=\"status STARTED GONE\"", "is gone: nothing runs this execution.",
                "Restart recovers it (headpatch restart " + killedId + ")", "id=\"action-restart\"", "id=\"action-abandon\"")
                .doesNotContain("id=\"action-stop\"");
        assertThat(list).as("the list marks it too").containsPattern(">" + killedId + "</a></td>\\s*<td>\\d+</td>"
                + "\\s*<td>fhdr-v1.3</td>\\s*<td><span class=\"status STARTED GONE\">STARTED · process gone</span>");
        assertThat(HtmlUtils.htmlUnescape(browser.get(stop.headers().firstValue("Location").orElseThrow()
                .replaceFirst("^https?://[^/]+", "")).body())).contains("stop of execution " + killedId + " refused: its process is gone");
        long restartedId = Long.parseLong(restart.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
        assertThat(restartedId).isGreaterThan(killedId);
        await("the restart completes").atMost(120, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> "COMPLETED".equals(jdbc.queryForObject("SELECT status FROM hp_job_summary WHERE job_execution_id = ?",
                        String.class, restartedId)));
        // every file done once: the files the killed process wrote in its last chunk are ALREADY_DONE, as a re-run finds them
        assertThat(jdbc.queryForMap("SELECT files_decided, patched + already_done + repaired AS done FROM hp_job_summary"
                + " WHERE job_execution_id = ?", restartedId)).as("outcomes: %s", jdbc.queryForList(
                "SELECT outcome, COUNT(*) FROM hp_outcome WHERE manifest_id = (SELECT manifest_id FROM hp_job_summary"
                        + " WHERE job_execution_id = ?) GROUP BY 1", restartedId))
                .containsEntry("files_decided", 3_000L).containsEntry("done", 3_000L);
    }

    @Test
    void anUnknownExecutionIsNotFoundWithTheCommandsMessage() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);

        // when
        HttpResponse<String> response = browser.get("/executions/987654", "text/html");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no job execution with id 987654");
    }

    @Test
    void anActionNeedsTheCsrfTokenAndOneThatDoesNotApplyIsRefused() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);
        String confirm = browser.get("/executions/" + patchedId).body();

        // when
        HttpResponse<String> withoutToken = browser.post("/executions/" + patchedId + "/stop", "");
        HttpResponse<String> withToken = browser.post("/executions/" + patchedId + "/stop", "_csrf=" + token(confirm));

        // then
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).isEqualTo(302);
        assertThat(browser.get("/executions/" + patchedId).body())
                .contains("stop of execution " + patchedId + " refused: it is not running (COMPLETED)");
    }

    @Test
    void schedulesAreRecordedWhenScheduleRunsAndListedWithTheirLastExecution(@TempDir Path files, @TempDir Path home)
            throws Exception {
        // given a schedule firing every second
        FhdrFiles.generate(files, 10, 34);
        StopSignal stop = new StopSignal();
        Cli cli = database.cli(home, stop);
        CompletableFuture<Cli.Result> schedule = CompletableFuture.supplyAsync(() -> cli.run("schedule", "--cron",
                "* * * * * *", "--name", "every-second", "launch", "--spec", "fhdr-v1.3", "--root", files.toString()));
        JdbcTemplate jdbc = database.jdbc();
        await("a fire of the schedule completed").atMost(90, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hp_schedule s JOIN batch_job_execution e"
                        + " ON e.job_execution_id = s.last_execution_id WHERE s.schedule_name = 'every-second'"
                        + " AND e.status = 'COMPLETED'", Long.class) > 0);
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);

        // when
        String running = browser.get("/schedules").body();
        stop.stop();
        Cli.Result result = schedule.get(90, TimeUnit.SECONDS);
        String stopped = browser.get("/schedules").body();

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(running).contains("every-second", "<code>* * * * * *</code>", "href=\"/executions/");
        Long last = jdbc.queryForObject("SELECT last_execution_id FROM hp_schedule WHERE schedule_name = 'every-second'", Long.class);
        assertThat(stopped).contains("href=\"/executions/" + last + "\"");
        assertThat(jdbc.queryForObject("SELECT stopped_at IS NOT NULL AND next_fire_at IS NULL FROM hp_schedule"
                + " WHERE schedule_name = 'every-second'", Boolean.class)).isTrue();
    }

    @Test
    void workersAndHealthAreShown() throws Exception {
        // given a worker process's worker, beating in hp_worker
        try (PatchJobService service = new PatchJobService(database.dataSource(),
                PatchJobSettings.worker("console-test-worker", PatchJobSettings.DEFAULT_LEASE,
                        java.util.List.of(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())))) {
            PartitionWorker worker = service.worker(2);
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    worker.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            JdbcTemplate jdbc = database.jdbc();
            await("the worker beats").atMost(60, TimeUnit.SECONDS).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM hp_worker WHERE worker_name = 'console-test-worker'", Long.class) > 0);
            ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);

            // when
            String workers = browser.get("/workers").body();
            String health = browser.get("/health").body();

            // then
            assertThat(workers).contains("console-test-worker", "<td class=\"num\">2</td>");
            String version = jdbc.queryForObject("SELECT MAX(CAST(version AS INT)) FROM flyway_schema_history", String.class);
            assertThat(health).contains("<td id=\"reachable\">reachable</td>", "<td id=\"kind\">server</td>",
                    "<td id=\"schema-version\">" + version + "</td>");
            worker.stop();
            assertThat(worker.awaitStopped(Duration.ofSeconds(60))).isTrue();
            running.get(60, TimeUnit.SECONDS);
        }
    }

    private static long jsonId(Cli.Result result) {
        Matcher id = Pattern.compile("\"executionId\" : (\\d+)").matcher(result.out());
        assertThat(id.find()).as(result.toString()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private static long executionId(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Matcher id = Pattern.compile("\"executionId\" : (\\d+)").matcher(result.out());
        assertThat(id.find()).as(result.out()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private static List<Long> listed(String page) {
        int table = page.indexOf("<table id=\"executions\"");
        if (table < 0) {
            return List.of();
        }
        Matcher m = EXECUTION_ROW.matcher(page.substring(table));
        List<Long> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    private static String token(String page) {
        return ConsoleClient.token(page);
    }
}
