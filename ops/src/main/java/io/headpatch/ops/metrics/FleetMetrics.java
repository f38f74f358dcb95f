package io.headpatch.ops.metrics;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.RemoteQueue;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the database says of the fleet, read at each scrape: the partitions of each remote launch waiting for a
 * worker (for an autoscaler), the live workers, and the running executions by status, where one whose owner is gone
 * counts as {@code owner_gone} and has no speed (nothing runs it; its files/s would only fall).
 */
final class FleetMetrics implements MultiCollector {

    static final String OWNER_GONE = "owner_gone";
    private static final int RECENT = 200;

    private final PatchJobService service;

    FleetMetrics(PatchJobService service) {
        this.service = service;
    }

    @Override
    public MetricSnapshots collect() {
        RemoteQueue waiting;
        List<ExecutionSummary> running;
        try {
            waiting = service.remoteQueue();
            running = service.recent(RECENT).stream().filter(summary -> summary.status().isRunning()).toList();
        } catch (RuntimeException e) {
            // the database away for a moment: this scrape has no fleet metrics, the next one tries again
            return MetricSnapshots.of();
        }
        TreeSet<Long> executions = new TreeSet<>(waiting.waiting().keySet());
        running.forEach(summary -> executions.add(summary.executionId()));
        GaugeSnapshot.Builder partitions = GaugeSnapshot.builder().name("headpatch_partitions_waiting")
                .help("partition requests of a remote launch waiting in the database for a worker");
        executions.forEach(id -> partitions.dataPoint(point(waiting.waiting(id), "execution", Long.toString(id))));
        Map<String, Integer> byStatus = new TreeMap<>();
        GaugeSnapshot.Builder speed = GaugeSnapshot.builder().name("headpatch_execution_files_per_second")
                .help("files decided per second by a running execution whose owner is alive");
        for (ExecutionSummary summary : running) {
            byStatus.merge(summary.ownerGone() ? OWNER_GONE : summary.status().name(), 1, Integer::sum);
            if (!summary.ownerGone()) {
                speed.dataPoint(point(summary.filesPerSecond(), "execution", Long.toString(summary.executionId())));
            }
        }
        GaugeSnapshot.Builder statuses = GaugeSnapshot.builder().name("headpatch_executions")
                .help("unfinished executions by status; owner_gone: nothing runs it any more, restart recovers it");
        byStatus.forEach((status, count) -> statuses.dataPoint(point(count, "status", status)));
        GaugeSnapshot workers = GaugeSnapshot.builder().name("headpatch_workers_live")
                .help("worker processes beating within the lease").dataPoint(point(waiting.liveWorkers())).build();
        return MetricSnapshots.of(partitions.build(), speed.build(), statuses.build(), workers);
    }

    private static GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }
}
