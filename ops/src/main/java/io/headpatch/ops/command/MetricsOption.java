package io.headpatch.ops.command;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.UserException;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/** {@code --metrics-port/--metrics-bind/--metrics-push}: Prometheus metrics of the command while it runs, or pushed at its end. */
public final class MetricsOption {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "serve job, step, file and JVM metrics in Prometheus text format at http://ADDR:PORT/metrics"
                    + " while running")
    Integer port;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "the address --metrics-port listens on (default: ${DEFAULT-VALUE}, this host only;"
                    + " 0.0.0.0 for every interface)")
    String bind;

    @Option(names = "--metrics-push", paramLabel = "URL",
            description = "push the metrics once to this Prometheus Pushgateway at the end (job=headpatch), e.g."
                    + " http://pushgateway:9091: for one-shot runs from cron")
    URI push;

    /** The endpoint when asked for (close it after the job), else null. */
    PrometheusEndpoint start(PrintWriter err) {
        if (port == null && push == null) {
            return null;
        }
        if (port != null && (port < 0 || port > 65_535)) {
            throw UserException.usage("--metrics-port=" + port + " is not a port number");
        }
        if (push != null && (push.getHost() == null || !("http".equals(push.getScheme()) || "https".equals(push.getScheme())))) {
            throw UserException.usage("--metrics-push=" + push + " is not an http(s)://HOST:PORT URL");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw UserException.usage("--metrics-bind=" + bind + " is not an address of this host: " + e.getMessage());
        }
        try {
            PrometheusEndpoint endpoint = new PrometheusEndpoint(address, port, push);
            if (port != null) {
                err.printf("metrics: http://%s/metrics%n", hostAndPort(address, endpoint.port()));
                err.flush();
            }
            return endpoint;
        } catch (IOException e) {
            throw UserException.usage("--metrics-port=" + port + " cannot be served on " + bind + ": " + e.getMessage());
        }
    }

    /** Feeds a run's summaries to the endpoint (its files by outcome), if there is one. */
    static void record(PrometheusEndpoint endpoint, ExecutionSummary summary, boolean ended) {
        if (endpoint != null) {
            endpoint.record(summary, ended);
        }
    }

    /** Pushes to the Pushgateway after a one-shot run; a failed push is reported, never fails the run. */
    static void push(PrometheusEndpoint endpoint, PrintWriter err) {
        if (endpoint == null) {
            return;
        }
        try {
            endpoint.push();
        } catch (IOException | RuntimeException e) {
            err.println("metrics: the push to the Pushgateway failed: " + e.getMessage());
            err.flush();
        }
    }

    static PatchJobSettings observed(PatchJobSettings settings, PrometheusEndpoint endpoint) {
        return endpoint == null ? settings : settings.withObservations(endpoint.observations());
    }

    private static String hostAndPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        try {
            return new URI("http", null, host, port, null, null, null).getAuthority();
        } catch (URISyntaxException e) {
            return host + ":" + port;
        }
    }
}
