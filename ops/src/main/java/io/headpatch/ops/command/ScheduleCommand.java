package io.headpatch.ops.command;

import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import io.headpatch.ops.schedule.CronSchedule;
import io.headpatch.ops.schedule.ScheduleLock;
import io.headpatch.ops.schedule.ScheduleRecord;
import io.headpatch.ops.schedule.Scheduler;
import io.headpatch.ops.schedule.StopSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** {@code schedule --cron EXPR launch ...}: a long-running process that launches on a cron schedule. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Runs until SIGTERM, launching on a cron schedule: each fire is a new job instance whose run id is"
                + " the fire time; a fire while the previous run is still going is skipped; a PostgreSQL advisory lock"
                + " keeps two schedulers (on two hosts) from running the same schedule at once.",
        subcommands = ScheduleCommand.ScheduledLaunch.class)
public final class ScheduleCommand extends CliCommand {

    /** How long SIGTERM waits for a running launch to stop after its current chunks. */
    static final Duration GRACE = Duration.ofSeconds(60);

    @Option(names = "--cron", required = true, paramLabel = "EXPR",
            description = "when to launch: five fields ('0 2 * * *' = 02:00 daily), six with seconds first, or @daily")
    String cron;

    @Option(names = "--name", paramLabel = "NAME",
            description = "the schedule's name, shown and used for the advisory lock (default: shown, the spec, files"
                    + " and cron; locked, the cron and every launch option)")
    String name;

    @Option(names = "--full-every", paramLabel = "N",
            description = "with launch --incremental: the first fire and every Nth fire after it are full launches"
                    + " (every file planned), so what an identity match can miss is caught at least every N fires")
    Integer fullEvery;

    @Override
    public Integer call() {
        throw UserException.usage("schedule needs a command to run: schedule --cron EXPR launch --spec ... --root ...");
    }

    @Command(name = "launch", mixinStandardHelpOptions = true, sortOptions = false,
            description = "The launch to run at each fire (the options of 'headpatch launch', without --run-id).")
    static final class ScheduledLaunch extends CliCommand {

        @ParentCommand
        ScheduleCommand schedule;

        @Mixin
        LaunchOptions options;

        @Mixin
        MetricsOption metrics;

        @Override
        public Integer call() throws InterruptedException {
            CronSchedule cronSchedule = CronSchedule.parse(schedule.cron);
            if (options.runId != null) {
                throw UserException.usage("--run-id cannot be given to a schedule: each fire's run id is its fire time");
            }
            options.toRequest();
            Function<String, LaunchRequest> requestForRunId = fires(schedule.fullEvery, options);
            String lockName = schedule.name != null ? schedule.name : cronSchedule + "|" + options.identity();
            String displayName = schedule.name != null ? schedule.name : options.description() + " at '" + cronSchedule + "'";
            StopSignal stop = environment().stopSignal();
            Thread hook = stop.stopOnTermination(GRACE);
            try (PrometheusEndpoint endpoint = metrics.start(err());
                 JobSession session = JobSession.open(database(PatchJobSettings.poolSize(options.threads, ScheduleLock.CONNECTIONS)),
                         MetricsOption.observed(PatchJobSettings.local(), endpoint))) {
                MetricsOption.watchFleet(endpoint, session.service());
                new Scheduler(cronSchedule, displayName, new ScheduleLock(session.database().dataSource(), lockName),
                        new ScheduleRecord(session.database().dataSource(), lockName, cronSchedule.toString(), err()), session.service(),
                        requestForRunId, stop, out(), err(), Clock.systemDefaultZone(), GRACE, summary -> {
                            MetricsOption.record(endpoint, summary, true);
                            MetricsOption.push(endpoint, err(), displayName);
                        }).run();
            } finally {
                stop.finished();
                StopSignal.removeHook(hook);
            }
            return ExitCodes.OK;
        }

        /**
         * Each fire's request by its run id: with {@code --full-every N}, the scheduler's 1st, (N+1)th, (2N+1)th...
         * fire (counting the fires that launched) is a full launch. Counted from the scheduler's start, so a
         * scheduler that restarts often runs a full launch at each start rather than never.
         */
        private static Function<String, LaunchRequest> fires(Integer fullEvery, LaunchOptions options) {
            if (fullEvery == null) {
                return options::toRequest;
            }
            if (fullEvery < 1) {
                throw UserException.usage("--full-every=" + fullEvery + " must be at least 1");
            }
            if (!options.incremental) {
                throw UserException.usage("--full-every needs launch --incremental: without it every fire is a full launch");
            }
            AtomicLong fired = new AtomicLong();
            return runId -> {
                LaunchRequest request = options.toRequest(runId);
                return fired.getAndIncrement() % fullEvery == 0 ? request.asFullRun() : request;
            };
        }
    }
}
