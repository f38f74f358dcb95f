package io.headpatch.ops.command;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.UserException;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.function.Supplier;

/** {@code --metrics-port/--metrics-bind/--metrics-push}: Prometheus metrics of the command while it runs, or pushed at its end. */
public final class MetricsOption {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "serve job, step, file and JVM metrics in Prometheus text format at http://ADDR:PORT/metrics"
                    + " while running; a worker also answers /livez and /readyz (its database answers) there")
    Integer port;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "the address --metrics-port listens on (default: ${DEFAULT-VALUE}, this host only;"
                    + " 0.0.0.0 for every interface)")
    String bind;

    @Option(names = "--metrics-push", paramLabel = "URL",
            description = "push the metrics to this Prometheus Pushgateway at the end of each run (job=headpatch, grouped"
                    + " by schedule: a schedule's name, else the spec and roots), e.g. http://pushgateway:9091: for runs from cron")
    URI push;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The endpoint when asked for (close it after the job), else null. */
    PrometheusEndpoint start(PrintWriter err) {
        return start(err, null);
    }

    /** As above, every metric labelled with the worker's name when {@code worker} is not null. */
    PrometheusEndpoint start(PrintWriter err, String worker) {
        if (port == null && push == null) {
            return null;
        }
        if (port != null && (port < 0 || port > 65_535)) {
            throw UserException.usage("--metrics-port=" + port + " is not a port number");
        }
        if (push != null && command.userObject() instanceof WorkerCommand) {
            // Only a run's end pushes; a worker has none worth pushing (it runs until stopped).
            throw UserException.usage("--metrics-push is for one-shot runs (launch, restart); scrape a worker at"
                    + " --metrics-port");
        }
        if (push != null && !isPushgateway(push)) {
            throw UserException.usage("--metrics-push=" + push + " is not a Pushgateway's http(s)://HOST[:PORT] URL"
                    + " (without path, user or query)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw UserException.usage("--metrics-bind=" + bind + " is not an address of this host: " + e.getMessage());
        }
        try {
            PrometheusEndpoint endpoint = new PrometheusEndpoint(address, port, push, worker);
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

    /** Lets the endpoint (if any) read the running execution's state when scraped. */
    static void follow(PrometheusEndpoint endpoint, Supplier<ExecutionSummary> live) {
        if (endpoint != null) {
            endpoint.follow(live);
        }
    }

    /** Serves the fleet's metrics (queue depth, executions by status) from the service's database, if serving. */
    static void watchFleet(PrometheusEndpoint endpoint, PatchJobService service) {
        if (endpoint != null) {
            endpoint.watchFleet(service);
        }
    }

    /**
     * The group a one-shot run pushes to: its spec and roots, as a schedule of that launch would be named (the spec
     * alone when the roots cannot be read: the push is never what fails a run).
     */
    static String group(PatchJobService service, ExecutionSummary summary) {
        try {
            String roots = service.launched(summary.executionId()).scan().roots().stream().map(Path::toString)
                    .collect(Collectors.joining(", "));
            return roots.isEmpty() ? summary.specName() : summary.specName() + " on " + roots;
        } catch (RuntimeException e) {
            return summary.specName();
        }
    }

    /** Pushes to the Pushgateway after a run, into {@code schedule}'s group; a failed push is reported, never fails the run. */
    static void push(PrometheusEndpoint endpoint, PrintWriter err, String schedule) {
        if (endpoint == null) {
            return;
        }
        try {
            endpoint.push(schedule);
        } catch (IOException | RuntimeException e) {
            // The client's message carries the Pushgateway's reply, lines included: one line on stderr.
            err.println("metrics: the push to the Pushgateway failed: "
                    + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip());
            err.flush();
        }
    }

    static PatchJobSettings observed(PatchJobSettings settings, PrometheusEndpoint endpoint) {
        return endpoint == null ? settings : settings.withObservations(endpoint.observations());
    }

    /** The client pushes to HOST:PORT/metrics/job/headpatch: anything else in the URL would be dropped unseen. */
    private static boolean isPushgateway(URI url) {
        return ("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null
                && url.getRawUserInfo() == null && (url.getRawPath().isEmpty() || "/".equals(url.getRawPath()))
                && url.getRawQuery() == null && url.getRawFragment() == null;
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
