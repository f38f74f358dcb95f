package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.OpsTestDatabase;
import io.headpatch.ops.support.Cli;
import io.headpatch.ops.support.JarProcess;
import io.headpatch.ops.support.Pushgateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code --metrics-port} and {@code --metrics-push} on the built jar: what a Prometheus scrape of a running launch
 * sees and where it listens, and what a launch leaves in a real Pushgateway.
 */
class MetricsIntegrationTests {

    private static final Pattern PATCHED = Pattern.compile("(?m)^headpatch_files_total\\{outcome=\"PATCHED\"} ([0-9.eE+]+)$");
    private static final String PUSH_FAILED = "metrics: the push to the Pushgateway failed: ";

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aRunningLaunchServesFilesByOutcomeJobAndJvmMetricsOnLoopbackOnly(@TempDir Path home, @TempDir Path files)
            throws Exception {
        // given
        FhdrFiles.generate(files, 5_000, 41);
        int port = freePort();
        JarProcess headpatch = database.jar(home);
        Path err = home.resolve("launch.err");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        // when
        Process launch = headpatch.start(home.resolve("launch.out"), err, "launch", "--spec", "fhdr-v1.3",
                "--root", files.toString(), "--threads", "1", "--chunk", "50", "--sync", "each",
                "--metrics-port", Integer.toString(port));
        String body = scrapeUntilSomePatched(http, launch, port);

        // then
        assertThat(body).contains("headpatch_files_total{outcome=\"GONE\"}", "headpatch_run_duration_seconds",
                "spring_batch_", "jvm_gc_", "jvm_memory_used_bytes", "process_cpu_usage", "process_files_open_files");
        InetAddress outside = nonLoopbackAddress();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://" + outside.getHostAddress() + ":"
                        + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()))
                .as("the endpoint must not listen on " + outside).isInstanceOf(ConnectException.class);
        assertThat(launch.waitFor(8, TimeUnit.MINUTES)).isTrue();
        assertThat(launch.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(err)).contains("metrics: http://127.0.0.1:" + port + "/metrics");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aLaunchPushesItsFilesByOutcomeDurationAndJvmMetricsToThePushgateway(@TempDir Path home, @TempDir Path files)
            throws Exception {
        // given
        int count = FhdrFiles.generate(files, 300, 43).size();
        JarProcess headpatch = database.jar(home);
        try (Pushgateway pushgateway = Pushgateway.start(freePort(), home.resolve("pushgateway.log"))) {

            // when
            Cli.Result launch = headpatch.run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(),
                    "--metrics-push", pushgateway.url().toString());

            // then
            assertThat(launch.exitCode()).as(launch.toString()).isEqualTo(ExitCodes.OK);
            assertThat(launch.err()).as(launch.toString()).doesNotContain("metrics:");
            String pushed = pushgateway.metrics();
            assertThat(sample(pushed, "headpatch_files_total", "job=\"headpatch\"", "outcome=\"PATCHED\""))
                    .isEqualTo(count);
            assertThat(sample(pushed, "headpatch_files_total", "job=\"headpatch\"", "outcome=\"IO_ERROR\"")).isZero();
            assertThat(sample(pushed, "headpatch_run_duration_seconds", "job=\"headpatch\"")).isNotNegative();
            assertThat(sample(pushed, "process_cpu_usage", "job=\"headpatch\"")).isNotNegative();
            assertThat(sample(pushed, "process_files_open_files", "job=\"headpatch\"")).isPositive();
            assertThat(sample(pushed, "push_time_seconds", "job=\"headpatch\"", "schedule=\"fhdr-v1.3 on " + files + "\""))
                    .isPositive();
            assertThat(pushed).contains("spring_batch_job_seconds_count{", "jvm_gc_", "jvm_memory_used_bytes{");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aPushToWhereNothingListensIsReportedInOneLineAndLeavesTheRunAlone(@TempDir Path home, @TempDir Path files)
            throws Exception {
        // given
        FhdrFiles.generate(files, 100, 44);
        String nothingListens = "http://127.0.0.1:" + freePort();

        // when
        Cli.Result launch = database.jar(home).run("launch", "--spec", "fhdr-v1.3",
                "--root", files.toString(), "--metrics-push", nothingListens);

        // then
        assertThat(launch.exitCode()).as(launch.toString()).isEqualTo(ExitCodes.OK);
        assertThat(launch.out()).contains("COMPLETED", "PATCHED 100");
        assertPushFailedInOneLine(launch, nothingListens);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aPushThePushgatewayRefusesIsReportedInOneLineAndLeavesTheRunAlone(@TempDir Path home, @TempDir Path files)
            throws Exception {
        // given: another job holds headpatch's run duration as a counter, so the Pushgateway refuses headpatch's gauge
        FhdrFiles.generate(files, 100, 45);
        JarProcess headpatch = database.jar(home);
        try (Pushgateway pushgateway = Pushgateway.start(freePort(), home.resolve("pushgateway.log"))) {
            assertThat(pushgateway.push("other", "# TYPE headpatch_run_duration_seconds counter\n"
                    + "headpatch_run_duration_seconds 3\n")).isEqualTo(200);

            // when
            Cli.Result launch = headpatch.run("launch", "--spec", "fhdr-v1.3", "--root", files.toString(),
                    "--metrics-push", pushgateway.url().toString());

            // then
            assertThat(launch.exitCode()).as(launch.toString()).isEqualTo(ExitCodes.OK);
            assertThat(launch.out()).contains("COMPLETED", "PATCHED 100");
            assertPushFailedInOneLine(launch, "400");
            String kept = pushgateway.metrics();
            assertThat(sample(kept, "push_failure_time_seconds", "job=\"headpatch\"")).isPositive();
            assertThat(kept).doesNotContain("headpatch_files_total");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aWorkerCountsWhatItDidUnderItsNameAndTheQueueDepthFallsToZero(@TempDir Path home, @TempDir Path files)
            throws Exception {
        // given: a remote launch whose two partitions wait, no worker running yet
        FhdrFiles.generate(files, 300, 46);
        JarProcess headpatch = database.jar(home);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        int managerPort = freePort();
        int workerPort = freePort();
        Process launch = headpatch.start(home.resolve("launch.out"), home.resolve("launch.err"), "launch", "--remote",
                "--spec", "fhdr-v1.3", "--root", files.toString(), "--partitions", "2", "--run-id", "fleet",
                "--metrics-port", Integer.toString(managerPort));

        // then: the manager exports the requests waiting for its execution (sent one by one: both, in the end)
        String waiting = scrapeUntil(http, launch, managerPort, body -> body.lines()
                .anyMatch(line -> line.startsWith("headpatch_partitions_waiting{") && line.endsWith(" 2.0")));
        assertThat(sample(waiting, "headpatch_partitions_waiting", "execution=")).isEqualTo(2);
        assertThat(sample(waiting, "headpatch_workers_live")).isZero();

        // when: a worker takes them
        Process worker = headpatch.start(home.resolve("worker.out"), home.resolve("worker.err"), "worker", "--name", "w1",
                "--root", files.toString(), "--metrics-port", Integer.toString(workerPort));
        try {
            assertThat(launch.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(launch.exitValue()).as(Files.readString(home.resolve("launch.err"))).isZero();

            // then: the worker's metrics count the files its partitions patched, under its name, and nothing waits
            String body = scrapeUntil(http, worker, workerPort, b -> b.contains("headpatch_files_total{"));
            assertThat(sample(body, "headpatch_files_total", "outcome=\"PATCHED\"", "worker=\"w1\"")).isEqualTo(300);
            assertThat(sample(body, "headpatch_build_info", "version=\"", "worker=\"w1\"")).isEqualTo(1);
            assertThat(sample(body, "headpatch_workers_live")).isEqualTo(1);
            assertThat(body.lines().filter(line -> line.startsWith("headpatch_partitions_waiting{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum()).isZero();
        } finally {
            worker.destroy();
            worker.waitFor(1, TimeUnit.MINUTES);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void twoSchedulesPushToGroupsOfTheirOwnWithTheirLastSuccess(@TempDir Path home, @TempDir Path first,
                                                                @TempDir Path second) throws Exception {
        // given
        FhdrFiles.generate(first, 50, 47);
        FhdrFiles.generate(second, 70, 48);
        JarProcess headpatch = database.jar(home);
        try (Pushgateway pushgateway = Pushgateway.start(freePort(), home.resolve("pushgateway.log"))) {

            // when: two schedules push to the same Pushgateway
            Process a = headpatch.start(home.resolve("a.out"), home.resolve("a.err"), "schedule", "--cron", "*/2 * * * * *",
                    "--name", "nightly-a", "launch", "--spec", "fhdr-v1.3", "--root", first.toString(),
                    "--metrics-push", pushgateway.url().toString());
            Process b = headpatch.start(home.resolve("b.out"), home.resolve("b.err"), "schedule", "--cron", "*/2 * * * * *",
                    "--name", "nightly-b", "launch", "--spec", "fhdr-v1.3", "--root", second.toString(),
                    "--metrics-push", pushgateway.url().toString());
            try {
                // then: both groups are there, each with its own files, the build and the last success
                String pushed = await("both schedules' pushes").atMost(5, TimeUnit.MINUTES)
                        .failFast("a schedule ended", () -> !a.isAlive() || !b.isAlive())
                        .until(pushgateway::metrics, body -> body.contains("schedule=\"nightly-a\"")
                                && body.contains("schedule=\"nightly-b\""));
                for (String schedule : List.of("nightly-a", "nightly-b")) {
                    String group = "schedule=\"" + schedule + "\"";
                    assertThat(sample(pushed, "headpatch_files_total", group, "outcome=\"NOT_MATCHING\"")).isZero();
                    assertThat(sample(pushed, "headpatch_last_success_timestamp_seconds", group)).isPositive();
                    assertThat(sample(pushed, "headpatch_build_info", group, "version=\"")).isEqualTo(1);
                }
                double patchedA = sample(pushed, "headpatch_files_total", "schedule=\"nightly-a\"", "outcome=\"PATCHED\"");
                double doneA = sample(pushed, "headpatch_files_total", "schedule=\"nightly-a\"", "outcome=\"ALREADY_DONE\"");
                assertThat(patchedA + doneA).isEqualTo(50);
            } finally {
                a.destroy();
                b.destroy();
                a.waitFor(2, TimeUnit.MINUTES);
                b.waitFor(2, TimeUnit.MINUTES);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x", "http://127.0.0.1:9091/pushgateway", "http://user:secret@127.0.0.1:9091"})
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aPushUrlThatIsNotAPushgatewaysIsAUsageError(String url, @TempDir Path home, @TempDir Path files)
            throws Exception {
        // when
        Cli.Result launch = database.jar(home).run("launch", "--spec", "fhdr-v1.3",
                "--root", files.toString(), "--metrics-push", url);

        // then
        assertThat(launch.exitCode()).as(launch.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(launch.errLines()).as(launch.toString()).containsExactly("headpatch launch: --metrics-push=" + url
                + " is not a Pushgateway's http(s)://HOST[:PORT] URL (without path, user or query)");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aWorkerRefusesMetricsPushItWouldNeverDo(@TempDir Path home, @TempDir Path files) throws Exception {
        // when
        Cli.Result worker = database.jar(home).run("worker", "--root",
                files.toString(), "--metrics-push", "http://127.0.0.1:9091");

        // then
        assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(worker.errLines()).as(worker.toString()).containsExactly("headpatch worker: --metrics-push is for"
                + " one-shot runs (launch, restart); scrape a worker at --metrics-port");
    }

    /** Exactly one line tells of the failed push (naming {@code detail}), and no stack trace. */
    private static void assertPushFailedInOneLine(Cli.Result run, String detail) {
        List<String> metricsLines = run.errLines().stream().filter(line -> line.contains("metrics:")).toList();
        assertThat(metricsLines).as(run.toString()).singleElement().asString().startsWith(PUSH_FAILED).contains(detail);
        assertThat(run.err().lines()).as(run.toString()).doesNotContain("");
        assertThat(run.err()).as(run.toString()).doesNotContain("\tat ", "Exception");
    }

    /** The value of the one sample of {@code name} whose labels include each of {@code labels} ({@code name="value"}). */
    private static double sample(String exposition, String name, String... labels) {
        List<String> lines = exposition.lines()
                .filter(line -> (line.startsWith(name + "{") || line.startsWith(name + " "))
                        && Arrays.stream(labels).allMatch(line::contains))
                .toList();
        assertThat(lines).as(name + " " + Arrays.toString(labels) + " in\n" + exposition).hasSize(1);
        return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }

    private static String scrapeUntil(HttpClient http, Process process, int port, Predicate<String> condition) {
        return await("the metrics").atMost(5, TimeUnit.MINUTES)
                .failFast("the process ended", () -> !process.isAlive())
                // not listening yet
                .ignoreExceptionsInstanceOf(ConnectException.class)
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body(), condition);
    }

    private static String scrapeUntilSomePatched(HttpClient http, Process launch, int port) {
        return await("a patched file in the metrics").atMost(5, TimeUnit.MINUTES)
                .failFast("the launch ended before its metrics showed a patched file", () -> !launch.isAlive())
                // not listening yet
                .ignoreExceptionsInstanceOf(ConnectException.class)
                .until(() -> {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    return response.body();
                }, body -> {
                    Matcher patched = PATCHED.matcher(body);
                    return patched.find() && Double.parseDouble(patched.group(1)) > 0;
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst()
                .orElseThrow(() -> new AssertionError("this host has no address besides loopback to test the bind with"));
    }
}
