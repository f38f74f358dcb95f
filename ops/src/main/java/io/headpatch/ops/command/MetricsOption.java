package io.headpatch.ops.command;

import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.UserException;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;

/** {@code --metrics-port}: job and step metrics in Prometheus text format while the command runs. */
public final class MetricsOption {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "serve job, step and JVM metrics in Prometheus text format at http://HOST:PORT/metrics while running")
    Integer port;

    /** The endpoint when asked for (close it after the job), else null. */
    PrometheusEndpoint start(PrintWriter err) {
        if (port == null) {
            return null;
        }
        if (port < 0 || port > 65_535) {
            throw UserException.usage("--metrics-port=" + port + " is not a port number");
        }
        try {
            PrometheusEndpoint endpoint = new PrometheusEndpoint(port);
            err.printf("metrics: http://localhost:%d/metrics%n", endpoint.port());
            err.flush();
            return endpoint;
        } catch (IOException e) {
            throw UserException.usage("--metrics-port=" + port + " cannot be served: " + e.getMessage());
        }
    }

    static PatchJobSettings observed(PatchJobSettings settings, PrometheusEndpoint endpoint) {
        return endpoint == null ? settings : settings.withObservations(endpoint.observations());
    }
}
