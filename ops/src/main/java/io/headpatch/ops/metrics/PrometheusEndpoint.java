package io.headpatch.ops.metrics;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobService;
import io.headpatch.ops.BuildVersion;
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
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The metrics of one command: Spring Batch's job, step and chunk metrics (from its Micrometer
 * observations), the run's files by outcome (a worker's: those its partitions decided) and duration, the build, the
 * time of the last success, the fleet ({@link FleetMetrics}, when served) and the JVM's (memory, GC, threads, CPU,
 * file descriptors), in Micrometer's Prometheus registry. Served by the Prometheus client's own HTTP
 * server at {@code http://ADDR:PORT/metrics} while the command runs (with the probes {@code /livez} and
 * {@code /readyz}), and/or pushed to a Pushgateway at the end of a one-shot run, in a group of its own per schedule.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    /** The Pushgateway's job label of headpatch's pushes. */
    public static final String PUSH_JOB = "headpatch";
    /** The label of a push's group beside the job: two schedules pushing never replace each other's metrics. */
    public static final String PUSH_GROUP = "schedule";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ObservationRegistry observations = ObservationRegistry.create();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final RunState run = new RunState();
    private final Probes probes = new Probes();
    private final HTTPServer server;
    private final URI pushTo;
    private boolean closed;

    /**
     * @param bind     the address to serve on (loopback unless asked otherwise)
     * @param port     the port to serve on, 0 for a free one ({@link #port()} tells which), null to serve nothing
     * @param pushTo   a Pushgateway's URL (http://host:9091) to push to, or null
     * @param worker   a worker process's name, labelling every metric ({@code worker="..."}), or null
     */
    public PrometheusEndpoint(InetAddress bind, Integer port, URI pushTo, String worker) throws IOException {
        if (worker != null) {
            registry.config().commonTags("worker", worker);
        }
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
        Gauge.builder("headpatch.build.info", () -> 1).description("the headpatch version running, always 1")
                .tag("version", BuildVersion.version()).register(registry);
        // Only once a run succeeded: a push without it (POST) leaves the Pushgateway's previous success in place.
        registry.getPrometheusRegistry().register(() -> run.lastSuccessSeconds == 0 ? MetricSnapshots.of()
                : MetricSnapshots.of(GaugeSnapshot.builder().name("headpatch_last_success_timestamp_seconds")
                .help("when a run of this process last ended COMPLETED, in seconds since the epoch")
                .dataPoint(GaugeDataPointSnapshot.builder().value(run.lastSuccessSeconds).build()).build()));
        server = port == null ? null : HTTPServer.builder()
                .inetAddress(bind)
                .port(port)
                .registry(registry.getPrometheusRegistry())
                .defaultHandler(probes)
                .buildAndStart();
        this.pushTo = pushTo;
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

    /** Serves the fleet's metrics from this command's database (not pushed: they would be stale in a Pushgateway). */
    public void watchFleet(PatchJobService service) {
        if (server != null) {
            registry.getPrometheusRegistry().register(new FleetMetrics(service));
        }
    }

    /** A worker's files by outcome: those its partitions decided, read when scraped (at most twice a second). */
    public void countWork(Supplier<Map<String, Long>> outcomes) {
        run.live = outcomes;
    }

    /**
     * Reads the running execution's state when scraped (at most twice a second), not only at the pace of the
     * progress display, so a scrape sees the files decided so far.
     */
    public void follow(Supplier<ExecutionSummary> live) {
        run.live = () -> live.get().outcomes();
    }

    /**
     * Pushes every metric once to the Pushgateway, if one was given, into the group of {@code schedule}: it replaces
     * the metrics of that group's previous push, and only those.
     */
    public void push(String schedule) throws IOException {
        if (pushTo != null) {
            PushGateway.builder()
                    .address(pushTo.getHost() + ":" + (pushTo.getPort() > 0 ? pushTo.getPort() : 9091))
                    .scheme("https".equals(pushTo.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                    .job(PUSH_JOB)
                    .groupingKey(PUSH_GROUP, schedule)
                    .registry(registry.getPrometheusRegistry())
                    .build()
                    .pushAdd();
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

    /** What the run's meters read: the latest files by outcome, the time since the first, and the last success. */
    private static final class RunState {
        private static final long FRESH_NANOS = 500_000_000L;

        private volatile Map<String, Long> outcomes;
        private volatile Supplier<Map<String, Long>> live;
        private volatile double lastSuccessSeconds;
        private volatile long readNanos;
        private volatile long startNanos;
        private volatile long endNanos;

        synchronized void update(ExecutionSummary latest, boolean ended) {
            if (startNanos == 0) {
                startNanos = System.nanoTime();
            }
            outcomes = latest.outcomes();
            if (ended && endNanos == 0) {
                endNanos = System.nanoTime();
            }
            if (ended && latest.completed()) {
                lastSuccessSeconds = System.currentTimeMillis() / 1000.0;
            }
        }

        double files(Outcome outcome) {
            Map<String, Long> latest = current();
            return latest == null ? 0 : latest.getOrDefault(outcome.name(), 0L);
        }

        /** The outcomes, read again from the followed source if it runs and the last read is older than half a second. */
        private Map<String, Long> current() {
            Supplier<Map<String, Long>> source = live;
            if (source != null && endNanos == 0 && System.nanoTime() - readNanos > FRESH_NANOS) {
                synchronized (this) {
                    if (endNanos == 0 && System.nanoTime() - readNanos > FRESH_NANOS) {
                        try {
                            Map<String, Long> read = source.get();
                            if (startNanos == 0) {
                                startNanos = System.nanoTime();
                            }
                            outcomes = read;
                        } catch (RuntimeException e) {
                            // the database is away for a moment: the last state read stands
                        }
                        readNanos = System.nanoTime();
                    }
                }
            }
            return outcomes;
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
