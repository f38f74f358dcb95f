package io.headpatch.ops.metrics;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.worker.plan.Outcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The metrics of one command: Spring Batch's job, step and chunk metrics (from its Micrometer
 * observations), the run's files by outcome and duration, and the JVM's (memory, GC, threads, CPU,
 * file descriptors), in Micrometer's Prometheus registry. Served by the Prometheus client's own HTTP
 * server at {@code http://ADDR:PORT/metrics} while the command runs (with the probes {@code /livez} and
 * {@code /readyz}), and/or pushed once to a Pushgateway at the end of a one-shot run.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    /** The Pushgateway's job label of headpatch's pushes. */
    public static final String PUSH_JOB = "headpatch";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ObservationRegistry observations = ObservationRegistry.create();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final RunState run = new RunState();
    private final Probes probes = new Probes();
    private final HTTPServer server;
    private final PushGateway pushGateway;
    private boolean closed;

    /**
     * @param bind     the address to serve on (loopback unless asked otherwise)
     * @param port     the port to serve on, 0 for a free one ({@link #port()} tells which), null to serve nothing
     * @param pushTo   a Pushgateway's URL (http://host:9091) to push to, or null
     */
    public PrometheusEndpoint(InetAddress bind, Integer port, URI pushTo) throws IOException {
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (Outcome outcome : Outcome.values()) {
            FunctionCounter.builder("headpatch.files", run, r -> r.files(outcome))
                    .description("files of the run's job instance by outcome")
                    .tag("outcome", outcome.name())
                    .register(registry);
        }
        Gauge.builder("headpatch.run.duration", run, RunState::seconds).baseUnit("seconds")
                .description("how long the run has been going, or went")
                .register(registry);
        server = port == null ? null : HTTPServer.builder()
                .inetAddress(bind)
                .port(port)
                .registry(registry.getPrometheusRegistry())
                .defaultHandler(probes)
                .buildAndStart();
        pushGateway = pushTo == null ? null : PushGateway.builder()
                .address(pushTo.getHost() + ":" + (pushTo.getPort() > 0 ? pushTo.getPort() : 9091))
                .scheme("https".equals(pushTo.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                .job(PUSH_JOB)
                .registry(registry.getPrometheusRegistry())
                .build();
    }

    public ObservationRegistry observations() {
        return observations;
    }

    /** The port served on; -1 when only pushing. */
    public int port() {
        return server == null ? -1 : server.getPort();
    }

    /** What {@code /readyz} answers: up while {@code check} is true (e.g. the command's database answers). */
    public void readiness(BooleanSupplier check) {
        probes.readiness(check);
    }

    /** The run's latest state: its files by outcome, and whether it ended. */
    public void record(ExecutionSummary summary, boolean ended) {
        run.update(summary, ended);
    }

    /**
     * Reads the running execution's state when scraped (at most twice a second), not only at the pace of the
     * progress display, so a scrape sees the files decided so far.
     */
    public void follow(Supplier<ExecutionSummary> live) {
        run.live = live;
    }

    /** Pushes every metric once to the Pushgateway, if one was given. */
    public void push() throws IOException {
        if (pushGateway != null) {
            pushGateway.push();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.close();
        }
        gc.close();
        registry.close();
    }

    /** What the run's meters read: the latest summary, and the time since the first one. */
    private static final class RunState {
        private static final long FRESH_NANOS = 500_000_000L;

        private volatile ExecutionSummary summary;
        private volatile Supplier<ExecutionSummary> live;
        private volatile long readNanos;
        private volatile long startNanos;
        private volatile long endNanos;

        synchronized void update(ExecutionSummary latest, boolean ended) {
            if (startNanos == 0) {
                startNanos = System.nanoTime();
            }
            summary = latest;
            if (ended && endNanos == 0) {
                endNanos = System.nanoTime();
            }
        }

        double files(Outcome outcome) {
            ExecutionSummary latest = current();
            return latest == null ? 0 : latest.outcomes().getOrDefault(outcome.name(), 0L);
        }

        /** The summary, read again from the followed execution if it runs and the last read is older than half a second. */
        private ExecutionSummary current() {
            Supplier<ExecutionSummary> source = live;
            if (source != null && endNanos == 0 && System.nanoTime() - readNanos > FRESH_NANOS) {
                synchronized (this) {
                    if (endNanos == 0 && System.nanoTime() - readNanos > FRESH_NANOS) {
                        try {
                            ExecutionSummary read = source.get();
                            if (startNanos == 0) {
                                startNanos = System.nanoTime();
                            }
                            summary = read;
                        } catch (RuntimeException e) {
                            // the database is away for a moment: the last state read stands
                        }
                        readNanos = System.nanoTime();
                    }
                }
            }
            return summary;
        }

        double seconds() {
            long start = startNanos;
            if (start == 0) {
                return 0;
            }
            long end = endNanos;
            return ((end == 0 ? System.nanoTime() : end) - start) / 1e9;
        }
    }
}
