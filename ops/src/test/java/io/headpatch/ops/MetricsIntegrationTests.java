package io.headpatch.ops;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.ops.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --metrics-port} on the built jar: what a Prometheus scrape of a running launch sees, and where it listens. */
class MetricsIntegrationTests {

    private static final Pattern PATCHED = Pattern.compile("(?m)^headpatch_files_total\\{outcome=\"PATCHED\"} ([0-9.eE+]+)$");

    @RegisterExtension
    static final TestDatabase database = TestDatabase.perClass();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aRunningLaunchServesFilesByOutcomeJobAndJvmMetricsOnLoopbackOnly(@TempDir Path home, @TempDir Path files)
            throws Exception {
        // given
        FhdrFiles.generate(files, 5_000, 41);
        int port = freePort();
        JarProcess headpatch = new JarProcess(home, database.url(), database.user());
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

    private static String scrapeUntilSomePatched(HttpClient http, Process launch, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            assertThat(launch.isAlive()).as("the launch ended before its metrics showed a patched file").isTrue();
            assertThat(System.nanoTime()).as("a patched file showed in the metrics within five minutes").isLessThan(deadline);
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                Matcher patched = PATCHED.matcher(response.body());
                if (patched.find() && Double.parseDouble(patched.group(1)) > 0) {
                    return response.body();
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
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
