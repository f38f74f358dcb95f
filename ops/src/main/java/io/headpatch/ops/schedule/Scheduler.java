package io.headpatch.ops.schedule;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.JobRequestException;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobService;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Fires launches on a cron schedule until stopped. Each fire is a new job instance whose run id is
 * the fire time; a fire while the previous run is still going is skipped and logged; an advisory
 * lock keeps a second scheduler (on this or another host) from running the same schedule at once.
 */
public final class Scheduler {

    private final CronSchedule cron;
    private final String name;
    private final ScheduleLock lock;
    private final ScheduleRecord record;
    private final PatchJobService service;
    private final Function<String, LaunchRequest> requestForRunId;
    private final StopSignal stop;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;
    private final Duration grace;
    private final Consumer<ExecutionSummary> ended;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "scheduled-launch"));

    private Future<?> running;
    private volatile Instant runningFire;
    private volatile Long runningExecution;

    /**
     * @param name what people read: {@code --name}, else the spec, files and cron (the lock has its own key)
     * @param ended told each launch's execution once it ended (e.g. the metrics, pushed)
     */
    public Scheduler(CronSchedule cron, String name, ScheduleLock lock, ScheduleRecord record, PatchJobService service, Function<String, LaunchRequest> requestForRunId,
                     StopSignal stop, PrintWriter out, PrintWriter err, Clock clock, Duration grace, Consumer<ExecutionSummary> ended) {
        this.cron = cron;
        this.name = name;
        this.lock = lock;
        this.record = record;
        this.service = service;
        this.requestForRunId = requestForRunId;
        this.stop = stop;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.grace = grace;
        this.ended = ended;
    }

    /** Runs until the stop signal; then asks a running launch to stop and waits for it (up to the grace period). */
    public void run() throws InterruptedException {
        ZonedDateTime next = cron.next(ZonedDateTime.now(clock));
        log(out, "schedule %s: next fire at %s", name, next == null ? "never (the cron has no future time)" : next.toOffsetDateTime());
        record.started(next);
        try {
            while (next != null && !stop.await(Duration.between(ZonedDateTime.now(clock), next))) {
                fire(next.toInstant());
                ZonedDateTime now = ZonedDateTime.now(clock);
                next = cron.next(next.isAfter(now) ? next : now);
                record.next(next);
            }
        } finally {
            windDown();
        }
    }

    private void fire(Instant fireTime) {
        if (running != null && !running.isDone()) {
            log(err, "skipped the fire of %s: the run fired at %s%s is still going", fireTime, runningFire,
                    runningExecution == null ? "" : " (execution " + runningExecution + ")");
            return;
        }
        runningFire = fireTime;
        runningExecution = null;
        running = runner.submit(() -> launch(fireTime));
    }

    private void launch(Instant fireTime) {
        String runId = fireTime.toString();
        try {
            boolean ran = lock.whileHeld(() -> {
                ExecutionSummary summary = service.launch(requestForRunId.apply(runId), id -> {
                    runningExecution = id;
                    record.fired(fireTime, id);
                });
                log(out, "fired %s: execution %d %s, %,d files (%s)", runId, summary.executionId(), summary.status(),
                        summary.filesTotal(), outcomes(summary));
                ended.accept(summary);
            });
            if (!ran) {
                log(err, "skipped the fire of %s: another scheduler holds schedule %s", runId, name);
            }
        } catch (JobRequestException e) {
            log(err, "fire of %s refused: %s", runId, e.getMessage());
        } catch (RuntimeException e) {
            log(err, "fire of %s failed: %s", runId, e.getMessage());
        }
    }

    private void windDown() throws InterruptedException {
        Long execution = runningExecution;
        if (running != null && !running.isDone() && execution != null) {
            log(err, "stopping: asking execution %d to stop after its current chunks", execution);
            try {
                service.stop(execution);
            } catch (RuntimeException e) {
                log(err, "could not stop execution %d: %s", execution, e.getMessage());
            }
        }
        runner.shutdown();
        if (!runner.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            log(err, "gave up waiting for the running launch after %d s; `restart` it later", grace.toSeconds());
            runner.shutdownNow();
        }
        record.stopped();
        log(out, "schedule '%s' stopped", cron);
    }

    private static String outcomes(ExecutionSummary summary) {
        StringBuilder text = new StringBuilder();
        summary.outcomes().forEach((outcome, count) -> {
            if (count > 0) {
                text.append(text.isEmpty() ? "" : ", ").append(outcome).append(' ').append(count);
            }
        });
        return text.isEmpty() ? "none decided" : text.toString();
    }

    private static void log(PrintWriter writer, String format, Object... args) {
        synchronized (writer) {
            writer.println(String.format(Locale.ROOT, format, args));
            writer.flush();
        }
    }
}
