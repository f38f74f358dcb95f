package io.headpatch.ops.support;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}, which ./test installs) on a
 * loopback port, keeping what is pushed in memory only. Close it to end the process.
 */
public final class Pushgateway implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");

    private final Process process;
    private final Path log;
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Pushgateway(Process process, Path log, URI url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Starts one on 127.0.0.1:{@code port}, its output in {@code log}, and waits until it is ready. */
    public static Pushgateway start(int port, Path log) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: apt-get install prometheus-pushgateway (./test does)");
        }
        // An empty --persistence.file: Debian's default is a file under /var/lib, shared and kept across runs.
        Process process = new ProcessBuilder(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port,
                "--persistence.file=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Pushgateway pushgateway = new Pushgateway(process, log, URI.create("http://127.0.0.1:" + port));
        try {
            pushgateway.awaitReady();
            return pushgateway;
        } catch (Throwable e) {
            pushgateway.close();
            throw e;
        }
    }

    /** Where to push: {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return url;
    }

    /** What a Prometheus scrape of the Pushgateway sees: every group pushed, labelled with its job. */
    public String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Pushes metrics in text format as job {@code job}, as another program would; returns the status code. */
    public int push(String job, String metrics) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url.resolve("/metrics/job/" + job))
                        .PUT(HttpRequest.BodyPublishers.ofString(metrics)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void awaitReady() throws IOException {
        try {
            await("the Pushgateway ready").atMost(1, TimeUnit.MINUTES).pollInterval(50, TimeUnit.MILLISECONDS)
                    .failFast("the Pushgateway exited", () -> !process.isAlive())
                    // not listening yet
                    .ignoreExceptionsInstanceOf(ConnectException.class)
                    .until(() -> http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + ":\n" + Files.readString(log), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
