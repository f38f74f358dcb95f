package io.headpatch.ops.ui;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.JobRequestException;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.CheckKind;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import io.headpatch.ops.command.CheckCommandSupport;
import io.headpatch.ops.output.ExecutionText;
import io.headpatch.ops.report.ReportSource;
import io.headpatch.worker.check.CheckOutcome;
import io.headpatch.worker.io.WriteOptions;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Runs the console's actions with the same calls and the same printed result as the commands.
 * Launch, restart, retry, verify and rollback run on threads of their own (a page never waits for a
 * job); launch, restart and retry return as soon as their execution exists. The results are kept,
 * newest first, for the execution pages.
 */
final class ActionRunner implements AutoCloseable {

    /** The longest a launch or restart may take to create its execution before the page gives up waiting. */
    static final Duration START_WAIT = Duration.ofMinutes(2);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(60);
    private static final int KEPT_RESULTS = 200;

    private final ConsoleJobs jobs;
    private final ReportSource reports;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "console-action-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<ActionResult> results = new ConcurrentLinkedDeque<>();

    ActionRunner(ConsoleJobs jobs, ReportSource reports) {
        this.jobs = jobs;
        this.reports = reports;
    }

    /** A run of a job: launch or restart, telling its execution id as soon as it exists. */
    @FunctionalInterface
    private interface JobRun {
        ExecutionSummary run(LongConsumer onStart);
    }

    /** @return the new execution's id */
    long launch(LaunchRequest request, PatchJobSettings settings) {
        return untilStarted(record("launch", null), onStart -> jobs.launch(request, settings, onStart));
    }

    /** @return the restarted execution's id (a new execution of the same instance) */
    long restart(long executionId) {
        jobs.status(executionId);
        return untilStarted(record("restart", executionId), onStart -> jobs.restart(executionId, onStart));
    }

    /** @return the first execution of the new launch that runs the failed files again */
    long retry(long executionId) {
        return untilStarted(record("retry", executionId), onStart -> jobs.retry(executionId, onStart));
    }

    ActionResult stop(long executionId) {
        ActionResult result = record("stop", executionId);
        return result.run(() -> {
            jobs.stop(executionId);
            return "stop requested for execution " + executionId + "; its current chunks finish first";
        });
    }

    ActionResult abandon(long executionId) {
        ActionResult result = record("abandon", executionId);
        return result.run(() -> text(jobs.abandon(executionId)));
    }

    ActionResult verify(long executionId) {
        jobs.status(executionId);
        return check(record("verify", executionId), CheckKind.VERIFY.name(),
                () -> jobs.verify(executionId, (done, problems) -> { }));
    }

    ActionResult rollback(long executionId) {
        jobs.status(executionId);
        return check(record("rollback", executionId), CheckKind.ROLLBACK.name(),
                () -> jobs.rollback(executionId, WriteOptions.defaults(), (done, problems) -> { }));
    }

    /** The actions on an execution (or that created it), newest first. */
    List<ActionResult> forExecution(long executionId) {
        List<ActionResult> found = new ArrayList<>();
        for (ActionResult result : results) {
            if (result.concerns(executionId)) {
                found.add(result);
            }
        }
        return found;
    }

    private ActionResult check(ActionResult result, String kind, Supplier<Map<CheckOutcome, Long>> check) {
        executor.execute(() -> result.run(() -> {
            Map<CheckOutcome, Long> counts = check.get();
            StringWriter text = new StringWriter();
            CheckCommandSupport.report(new PrintWriter(text), kind, result.executionId(), counts, reports);
            return text.toString();
        }));
        return result;
    }

    private long untilStarted(ActionResult result, JobRun run) {
        CompletableFuture<Long> started = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.run(() -> {
                    ExecutionSummary summary = run.run(id -> {
                        result.created(id);
                        started.complete(id);
                    });
                    started.complete(summary.executionId());
                    return text(summary);
                });
            } finally {
                // A run that failed before its execution existed: the page shows why.
                started.completeExceptionally(new UserException(ExitCodes.FAILED, result.message()));
            }
        });
        try {
            return started.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw UserException.usage(result.kind() + " has not created its execution within " + START_WAIT.toSeconds()
                    + " s; it goes on: see the executions page");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + result.kind(), e);
        }
    }

    private ActionResult record(String kind, Long executionId) {
        ActionResult result = new ActionResult(kind, executionId, LocalDateTime.now());
        results.addFirst(result);
        while (results.size() > KEPT_RESULTS) {
            results.pollLast();
        }
        return result;
    }

    private static String text(ExecutionSummary summary) {
        StringWriter text = new StringWriter();
        ExecutionText.print(new PrintWriter(text), summary);
        return text.toString();
    }

    /** The one line a refused or failed action shows, as the command line would print it. */
    static String message(RuntimeException e) {
        if (e instanceof JobRequestException || e instanceof UserException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "unexpected error: " + (root.getMessage() != null ? root.getMessage() : root.getClass().getName());
    }

    /** Asks running launches and restarts to stop after their current chunks, and waits for them (up to a grace period). */
    @Override
    public void close() {
        for (ActionResult result : results) {
            if (result.state() == ActionResult.State.RUNNING && result.createdExecutionId() != null) {
                try {
                    jobs.stop(result.createdExecutionId());
                } catch (RuntimeException e) {
                    // Already ended or stopping.
                }
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
