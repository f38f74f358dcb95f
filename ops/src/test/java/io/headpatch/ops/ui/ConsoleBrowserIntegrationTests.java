package io.headpatch.ops.ui;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.chunk.PlannedFile;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli;
import io.headpatch.ops.support.Csv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.util.HtmlUtils;
import io.headpatch.worker.plan.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven
 * by Selenium against the console's server on the test PostgreSQL. Each page's screenshot is saved
 * under target/ui-screenshots.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleBrowserIntegrationTests {

    private static final String USER = "admin";
    private static final String PASSWORD = "correct horse battery";
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(3);

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    static Path downloads;

    @TempDir
    static Path userData;

    /** While set, partition p0002 fails before its chunks commit: the files are written, the chunk is not. */
    private static final AtomicBoolean failing = new AtomicBoolean();
    /** While set, each chunk waits, its files written, for a permit of {@link #chunks} before it commits. */
    private static final AtomicBoolean paced = new AtomicBoolean();
    private static final Semaphore chunks = new Semaphore(0);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConsoleServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        // the tests' trees are folders of the temporary directory
        server = ConsoleServer.start(ConsoleEndpoint.loopback(0), new ConsoleCredentials(USER, PASSWORD, false, null),
                ConsoleScope.of(List.of(Path.of(System.getProperty("java.io.tmpdir"))), null),
                new ConsoleDatabase(database.dataSource(), "the test database", false),
                new ConsoleJobs(settings -> new PatchJobService(database.dataSource(), new ChunkHook() {
                    @Override
                    public void beforeCommit(String partition, List<PlannedFile> chunk) {
                        if (failing.get() && partition.equals("p0002")) {
                            throw new IllegalStateException("injected failure in p0002: disk went away");
                        }
                        if (paced.get()) {
                            chunks.acquireUninterruptibly();
                        }
                    }
                }, settings)));
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + userData, "--window-size=1280,800");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 800));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** A test that failed before healing the disk or letting its chunks go must not hold up the next ones. */
    @AfterEach
    void healDisk() {
        failing.set(false);
        paced.set(false);
        chunks.release(100_000);
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneLogsIn() throws Exception {
        // given
        browser.manage().deleteAllCookies();

        // when
        logIn(USER, "wrong password");

        // then
        assertThat(browser.getCurrentUrl()).contains("/login?error");
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Wrong user name or password");
        browser.get(server.url() + "/executions");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        screenshot("login-refused");

        // when
        logIn(USER, PASSWORD);

        // then
        assertThat(browser.getCurrentUrl()).matches(".*/executions(\\?continue)?");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Executions");
    }

    @Test
    void aLaunchFromTheFormRunsTo100PercentAndItsCsvHasTheReportCommandsRows(@TempDir Path files, @TempDir Path home)
            throws Exception {
        // given
        FhdrFiles.generate(files, 20_000, 12);
        ensureLoggedIn();

        // when
        browser.get(server.url() + "/launch");
        screenshot("launch-form");
        browser.findElement(By.id("spec")).sendKeys("fhdr-v1.3");
        browser.findElement(By.id("roots")).sendKeys(files.toString());
        // no fsync of 20,000 files: the test is about the console, not the disk
        new Select(browser.findElement(By.id("sync"))).selectByValue("NONE");
        browser.findElement(By.id("launch")).click();

        // then the execution's page follows its progress (polled by the page's script) to 100 %
        assertThat(shown(By.id("notice")).getText()).contains("launched execution");
        long executionId = shownExecutionId();
        untilTheRunShows(b -> b.findElement(By.id("percent")).getText().equals("100 %")
                && b.findElement(By.id("status")).getText().equals("COMPLETED"));
        assertThat(browser.findElement(By.id("decided")).getText()).isEqualTo("20,000");
        assertThat(browser.findElement(By.id("outcome-PATCHED")).getText()).isEqualTo("20,000");
        assertThat(browser.findElements(By.cssSelector("#partitions tbody tr"))).hasSize(8);
        // and its throughput is drawn with axes by uPlot, served from the jar, in place of the plain line
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> !b.findElements(By.cssSelector("#chart-plot .uplot canvas")).isEmpty());
        assertThat(browser.executeScript("return typeof uPlot")).isEqualTo("function");
        assertThat(browser.findElement(By.id("chart")).isDisplayed()).as("the plain SVG line, shown without scripts").isFalse();
        screenshot("execution");

        // when
        browser.findElement(By.id("download-csv")).click();

        // then the download has exactly the rows of `report ID --format csv`
        Path downloaded = downloads.resolve("headpatch-execution-" + executionId + ".csv");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> Files.exists(downloaded)
                && !Files.exists(downloads.resolve(downloaded.getFileName() + ".crdownload")));
        Cli.Result report = database.cli(home)
                .run("report", Long.toString(executionId), "--format", "csv");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        List<List<String>> expected = Csv.parse(report.out());
        assertThat(expected).hasSize(20_001);
        assertThat(Csv.parse(Files.readString(downloaded, StandardCharsets.UTF_8))).isEqualTo(expected);

        // and the list shows the run with its counts
        browser.get(server.url() + "/executions");
        WebElement row = browser.findElement(By.xpath("//table[@id='executions']//tr[td/a[text()='" + executionId + "']]"));
        assertThat(row.getText()).contains("COMPLETED", "fhdr-v1.3", "20,000");
        screenshot("executions");
    }

    @Test
    void everyRefreshDuringARunAgreesWithItselfAndWithReportAndOffersOnlyWhatCanWork(@TempDir Path files, @TempDir Path aside,
                                                                                    @TempDir Path home) throws Exception {
        // given 20,000 files in 40 partitions of one chunk, 4 running at a time, each chunk held before its commit
        List<Path> generated = FhdrFiles.generate(files, 20_000, 15);
        ensureLoggedIn();
        chunks.drainPermits();
        paced.set(true);
        browser.get(server.url() + "/launch");
        browser.findElement(By.id("spec")).sendKeys("fhdr-v1.3");
        browser.findElement(By.id("roots")).sendKeys(files.toString());
        setValue("partitions", "40");
        setValue("threads", "4");
        new Select(browser.findElement(By.id("sync"))).selectByValue("NONE");
        browser.findElement(By.id("launch")).click();
        long executionId = shownExecutionId();
        List<JsonNode> seen = new ArrayList<>();
        readUntil(seen, () -> chunks.getQueueLength() == 4);
        // every 100th file moves away once scanned: GONE when its partition reaches it
        for (int i = 0; i < generated.size(); i += 100) {
            Files.move(generated.get(i), aside.resolve(Integer.toString(i)));
        }
        JdbcTemplate jdbc = database.jdbc();
        long executions = jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_execution", Long.class);

        // when a POST asks to restart the running execution
        String refused = post("/executions/" + executionId + "/restart");

        // then it is refused, and no execution is created
        assertThat(refused).contains("restart of execution " + executionId + " refused: it is running");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_execution", Long.class)).isEqualTo(executions);

        // when rounds of 4 chunks commit, the page refreshing meanwhile
        for (int round = 0; round < 3; round++) {
            LocalDateTime still = jdbc.queryForObject("SELECT LOCALTIMESTAMP", LocalDateTime.class);
            Cli.Result report = database.cli(home).run("report", Long.toString(executionId), "--format", "json", "--files", "failed");
            JsonNode page = readUntil(seen, () -> false, still);

            // then a refresh taken while nothing moves shows what report shows
            assertThat(report.exitCode()).as(report.toString()).isZero();
            assertAgreesWithReport(page, JSON.readTree(report.out()));
            chunks.release(4);
            readUntil(seen, () -> chunks.getQueueLength() == 4 && chunks.availablePermits() == 0);
        }
        paced.set(false);
        chunks.release(100_000);
        JsonNode finished = readUntil(seen, () -> false, null);
        Cli.Result report = database.cli(home).run("report", Long.toString(executionId), "--format", "json", "--files", "failed");

        // then every refresh agreed with itself, and the last one with report
        assertThat(seen.stream().map(p -> p.get("taken").asString()).distinct().count()).as("refreshes").isGreaterThanOrEqualTo(5);
        seen.forEach(ConsoleBrowserIntegrationTests::assertConsistent);
        assertThat(seen).as("queued partitions").anySatisfy(p -> assertThat(p.get("partitions").toString()).contains("QUEUED"))
                .allSatisfy(p -> assertThat(p.get("partitions").toString()).doesNotContain("STARTING"));
        assertAgreesWithReport(finished, JSON.readTree(report.out()));
        long gone = finished.get("outcomes").get("GONE").asLong();
        assertThat(gone).isPositive();
        assertThat(finished.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(finished.get("exit").asString()).startsWith("exit 5");
        assertThat(finished.get("actions").toString()).contains("action-retry").doesNotContain("action-restart", "action-stop");
        screenshot("execution-incomplete");

        // when the moved files are back and Retry is clicked and confirmed
        for (int i = 0; i < generated.size(); i += 100) {
            Files.move(aside.resolve(Integer.toString(i)), generated.get(i));
        }
        browser.findElement(By.id("action-retry")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElement(By.tagName("h1")).getText().equals("Retry execution " + executionId + "?"));
        browser.findElement(By.id("confirm")).click();

        // then the retry is a new run of the gone files that patches them, and the first run offers Retry no more
        long retryId = shownExecutionId();
        assertThat(retryId).isGreaterThan(executionId);
        JsonNode retried = readUntil(new ArrayList<>(), () -> false, null);
        assertThat(retried.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(retried.get("outcomes").get("PATCHED").asLong()).isEqualTo(gone);
        assertThat(retried.get("decided").asLong()).isEqualTo(gone);
        browser.get(server.url() + "/executions/" + executionId);
        assertThat(read().get("actions").toString()).doesNotContain("action-retry");
        assertThat(browser.findElement(By.id("retried-by")).getText()).isEqualTo(Long.toString(retryId));
    }

    @Test
    void aFailedPartitionShowsItsReasonAndRestartFromTheConsoleCompletesTheRun(@TempDir Path files) throws Exception {
        // given a launch whose partition p0002 fails
        FhdrFiles.generate(files, 400, 13);
        ensureLoggedIn();
        failing.set(true);
        browser.get(server.url() + "/launch");
        browser.findElement(By.id("spec")).sendKeys("fhdr-v1.3");
        browser.findElement(By.id("roots")).sendKeys(files.toString());
        setValue("partitions", "4");
        setValue("threads", "2");
        browser.findElement(By.id("launch")).click();
        long failedId = shownExecutionId();

        // when the run ends
        untilTheRunShows(b -> b.findElement(By.id("status")).getText().equals("FAILED"));

        // then the failed partition shows with its reason, and a Restart button
        WebElement p0002 = browser.findElement(By.cssSelector("#partitions tr[data-partition='p0002']"));
        assertThat(p0002.findElement(By.cssSelector(".p-status")).getText()).isEqualTo("FAILED");
        assertThat(p0002.findElement(By.cssSelector(".message")).getText()).contains("injected failure in p0002: disk went away");
        assertThat(browser.findElements(By.cssSelector("#partitions .p-status")))
                .extracting(WebElement::getText).containsOnly("COMPLETED", "FAILED");
        screenshot("execution-failed");

        // when Restart is clicked and confirmed
        failing.set(false);
        browser.findElement(By.id("action-restart")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElement(By.tagName("h1")).getText().equals("Restart execution " + failedId + "?"));
        screenshot("confirm-restart");
        browser.findElement(By.id("confirm")).click();

        // then the restart is a new execution of the same instance that completes every file
        long restartedId = shownExecutionId();
        assertThat(restartedId).isGreaterThan(failedId);
        untilTheRunShows(b -> b.findElement(By.id("status")).getText().equals("COMPLETED"));
        assertThat(browser.findElement(By.id("percent")).getText()).isEqualTo("100 %");
        assertThat(browser.findElement(By.id("decided")).getText()).isEqualTo("400");
        JdbcTemplate jdbc = database.jdbc();
        assertThat(jdbc.queryForList("SELECT step_name FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND step_name LIKE 'patch-worker:%'", String.class, restartedId)).containsExactly("patch-worker:p0002");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hp_outcome o JOIN hp_manifest m USING (manifest_id)"
                        + " JOIN batch_job_execution e ON e.job_instance_id = m.job_instance_id WHERE e.job_execution_id = ?"
                        + " AND o.outcome IN ('PATCHED', 'ALREADY_DONE', 'REPAIRED')", Long.class, restartedId)).isEqualTo(400L);
        screenshot("execution-restarted");

        // and the failed execution, continued by the restart, offers Restart no more and lists both under its instance
        browser.get(server.url() + "/executions/" + failedId);
        assertThat(browser.findElements(By.id("action-restart"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#instance li"))).extracting(li -> li.getAttribute("data-execution"))
                .containsExactly(Long.toString(failedId), Long.toString(restartedId));
    }

    @Test
    void aLaunchOutsideTheConsolesRootIsRefusedOnThePageAndCreatesNoExecution() throws Exception {
        // given a folder outside the temporary directory, the console's one root
        Path outside = Files.createDirectories(Path.of("target", "outside-console-root").toAbsolutePath());
        ensureLoggedIn();
        long before = executions();

        for (String root : List.of("/etc", outside.toString())) {
            // when
            browser.get(server.url() + "/launch");
            assertThat(browser.findElement(By.id("console-roots")).getText())
                    .contains(Path.of(System.getProperty("java.io.tmpdir")).toRealPath().toString());
            browser.findElement(By.id("spec")).sendKeys("fhdr-v1.3");
            browser.findElement(By.id("roots")).sendKeys(root);
            browser.findElement(By.id("launch")).click();

            // then
            new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                    .until(b -> !b.findElements(By.id("error")).isEmpty()
                            && b.findElement(By.id("error")).getText().startsWith("root=" + root + " is outside this console's roots"));
            screenshot("launch-refused");
        }
        assertThat(executions()).isEqualTo(before);
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused(@TempDir Path files) throws Exception {
        // given a completed execution and its verify confirmation page, logged in
        FhdrFiles.generate(files, 50, 14);
        ensureLoggedIn();
        browser.get(server.url() + "/launch");
        browser.findElement(By.id("spec")).sendKeys("fhdr-v1.3");
        browser.findElement(By.id("roots")).sendKeys(files.toString());
        browser.findElement(By.id("launch")).click();
        long executionId = shownExecutionId();
        untilTheRunShows(b -> b.findElement(By.id("status")).getText().equals("COMPLETED"));
        browser.get(server.url() + "/executions/" + executionId + "/verify");

        // when the form is sent without its CSRF token
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelectorAll('input[name=_csrf]').forEach(function (input) { input.remove(); });");
        browser.findElement(By.id("confirm")).click();

        // then it is refused and nothing ran
        assertThat(shown(By.id("problem-status")).getText()).isEqualTo("403");
        screenshot("csrf-refused");
        assertThat(database.jdbc().queryForObject("SELECT COUNT(*) FROM hp_check c"
                + " JOIN hp_manifest m USING (manifest_id) JOIN batch_job_execution e ON e.job_instance_id = m.job_instance_id"
                + " WHERE e.job_execution_id = ?", Long.class, executionId)).isZero();

        // when the same form is sent with its token
        browser.get(server.url() + "/executions/" + executionId + "/verify");
        browser.findElement(By.id("confirm")).click();

        // then the verify runs and its result shows on the execution's page
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> {
            b.navigate().refresh();
            return b.findElements(By.cssSelector(".action-result pre")).stream()
                    .anyMatch(pre -> pre.getText().contains("verify of execution " + executionId + ": MATCHES 50"));
        });
    }

    /**
     * Reads the page at each poll (the script swaps its moving part in whole), keeping every read, until {@code done}
     * holds; or, with {@code done} false, until a read taken after {@code after} (null: one of a run that has ended).
     */
    private static JsonNode readUntil(List<JsonNode> seen, java.util.function.BooleanSupplier done, LocalDateTime after) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(RUN_DEADLINE).pollInterval(200, TimeUnit.MILLISECONDS).ignoreException(StaleElementReferenceException.class)
                .until(() -> {
                    last[0] = read();
                    seen.add(last[0]);
                    return done.getAsBoolean() || (after == null ? !last[0].get("moving").asBoolean()
                            : LocalDateTime.parse(last[0].get("taken").asString()).isAfter(after));
                });
        return last[0];
    }

    private static void readUntil(List<JsonNode> seen, java.util.function.BooleanSupplier done) {
        readUntil(seen, done, LocalDateTime.MAX);
    }

    /** Every number of the page's moving part, read at one instant (a script runs between two swaps, never during one). */
    private static JsonNode read() {
        Object json = browser.executeScript("""
                const live = document.getElementById('live');
                const number = (e) => Number(e.textContent.replace(/[^0-9.]/g, ''));
                const outcomes = {};
                live.querySelectorAll('#outcomes td[id^="outcome-"]').forEach((td) => { outcomes[td.id.substring(8)] = number(td); });
                return JSON.stringify({
                  taken: live.dataset.taken, moving: live.dataset.moving === 'true',
                  status: live.querySelector('#status').textContent.trim(),
                  exit: (live.querySelector('#exit-code') || { textContent: '' }).textContent.trim(),
                  decided: number(live.querySelector('#decided')), total: number(live.querySelector('#total')),
                  percent: number(live.querySelector('#percent')), bar: Number(live.querySelector('#progress-bar').value),
                  failures: number(live.querySelector('#failures')), outcomes: outcomes,
                  groups: [...live.querySelectorAll('#failure-groups tbody tr')].map((tr) => ({ outcome: tr.cells[0].textContent.trim(), files: number(tr.cells[2]) })),
                  partitions: [...live.querySelectorAll('#partitions tbody tr')].map((tr) => ({ name: tr.dataset.partition,
                    status: tr.querySelector('.p-status').textContent.trim(), done: number(tr.querySelector('.p-done')) })),
                  actions: [...live.querySelectorAll('.actions a[id^="action-"]')].map((a) => a.id)
                });""");
        return JSON.readTree((String) json);
    }

    /** One read's numbers agree with each other, and a running execution offers Stop and never Restart, Abandon or Retry. */
    private static void assertConsistent(JsonNode page) {
        long decided = page.get("decided").asLong();
        long sum = 0;
        long failures = 0;
        for (Map.Entry<String, JsonNode> outcome : page.get("outcomes").properties()) {
            sum += outcome.getValue().asLong();
            failures += Outcome.valueOf(outcome.getKey()).isFailure() ? outcome.getValue().asLong() : 0;
            long grouped = 0;
            for (JsonNode group : page.get("groups")) {
                grouped += group.get("outcome").asString().equals(outcome.getKey()) ? group.get("files").asLong() : 0;
            }
            if (!Outcome.valueOf(outcome.getKey()).isSettled()) {
                assertThat(grouped).as("%s rows of the failures section in %s", outcome.getKey(), page).isEqualTo(outcome.getValue().asLong());
            }
        }
        long partitionsDone = 0;
        for (JsonNode partition : page.get("partitions")) {
            partitionsDone += partition.get("done").asLong();
        }
        assertThat(sum).as("outcomes in %s", page).isEqualTo(decided);
        assertThat(page.get("failures").asLong()).as("failures in %s", page).isEqualTo(failures);
        assertThat(partitionsDone).as("partitions done in %s", page).isEqualTo(decided);
        long percent = page.get("total").asLong() == 0 ? page.get("percent").asLong() : decided * 100 / page.get("total").asLong();
        assertThat(page.get("percent").asLong()).as("percent in %s", page).isEqualTo(percent);
        assertThat(page.get("bar").asLong()).as("bar in %s", page).isEqualTo(percent);
        if (page.get("status").asString().equals("STARTED")) {
            assertThat(page.get("actions").toString()).as("actions of a running execution").contains("action-stop")
                    .doesNotContain("action-restart", "action-abandon", "action-retry");
        }
    }

    /** A read shows what {@code report ID --format json --files failed} shows of the same committed chunks. */
    private static void assertAgreesWithReport(JsonNode page, JsonNode report) {
        assertConsistent(page);
        JsonNode files = report.get("execution").get("files");
        assertThat(page.get("status").asString()).isEqualTo(report.get("execution").get("status").asString());
        assertThat(page.get("decided").asLong()).isEqualTo(files.get("decided").asLong());
        assertThat(page.get("total").asLong()).isEqualTo(files.get("total").asLong());
        for (Map.Entry<String, JsonNode> outcome : page.get("outcomes").properties()) {
            assertThat(outcome.getValue().asLong()).as(outcome.getKey()).isEqualTo(files.get(outcome.getKey()).asLong());
        }
        Map<String, Long> reportDone = new java.util.HashMap<>();
        report.get("partitions").forEach(p -> reportDone.put(p.get("partition").asString(), p.get("filesDone").asLong()));
        Map<String, Long> pageDone = new java.util.HashMap<>();
        page.get("partitions").forEach(p -> pageDone.put(p.get("name").asString(), p.get("done").asLong()));
        assertThat(pageDone).isEqualTo(reportDone);
        Map<String, Long> reportRows = new java.util.TreeMap<>();
        report.get("files").forEach(f -> {
            if (f.hasNonNull("outcome")) {
                reportRows.merge(f.get("outcome").asString(), 1L, Long::sum);
            }
        });
        Map<String, Long> pageRows = new java.util.TreeMap<>();
        page.get("groups").forEach(g -> pageRows.merge(g.get("outcome").asString(), g.get("files").asLong(), Long::sum));
        assertThat(pageRows).as("the failures section").isEqualTo(reportRows);
    }

    /** A form POST from the page (its CSRF token from the log-out form), as a stale button would send it; the page it ends on. */
    private static String post(String path) {
        Object page = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('input[name="_csrf"]').value;
                fetch(arguments[0], { method: 'POST', credentials: 'same-origin',
                    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '_csrf=' + encodeURIComponent(token) })
                  .then((r) => r.text()).then(done).catch((e) => done('failed: ' + e));""", server.url() + path);
        return HtmlUtils.htmlUnescape((String) page);
    }

    private static long executions() {
        return database.jdbc().queryForObject("SELECT COUNT(*) FROM hp_job_summary", Long.class);
    }

    private static void ensureLoggedIn() {
        browser.get(server.url() + "/executions");
        if (browser.getCurrentUrl().endsWith("/login")) {
            logIn(USER, PASSWORD);
        }
    }

    private static void logIn(String user, String password) {
        browser.get(server.url() + "/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login")).click();
        // The click returns before the form's answer has loaded: wait until the browser left the bare login page.
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> !b.getCurrentUrl().endsWith("/login"));
    }

    /** The element once the page that has it has loaded (a click returns before the next page may have). */
    private static WebElement shown(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> b.findElement(by));
    }

    private static void setValue(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    /** The id of the execution whose page is shown. */
    private static long shownExecutionId() {
        new WebDriverWait(browser, Duration.ofSeconds(150)).until(b -> b.getCurrentUrl().matches(".*/executions/\\d+$"));
        String url = browser.getCurrentUrl();
        return Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
    }

    /** Waits for the execution page to show a state of its run; a timeout tells what the page and the database showed. */
    private static void untilTheRunShows(Function<WebDriver, Boolean> shown) {
        new WebDriverWait(browser, RUN_DEADLINE).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "the page showed: " + browser.findElements(By.id("live")).stream().map(WebElement::getText).toList()
                        + "\nexecutions: " + database.jdbc().queryForList(
                        "SELECT job_execution_id, status, start_time, end_time FROM batch_job_execution ORDER BY 1"))
                .until(shown);
    }

    private static void screenshot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
