package io.headpatch.ops.command;

import io.headpatch.job.PruneRequest;
import io.headpatch.job.PruneResult;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** {@code prune}: retention for the database, by age of finished job instances. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Removes the rows of job instances that finished (latest execution COMPLETED or ABANDONED) before"
                + " --older-than: executions, file lists, outcomes and checks. Running, stopped and failed (restartable)"
                + " instances are never touched. An instance with journal rows keeps its journal, file list, outcomes"
                + " and executions, so 'rollback ID' still works, unless --include-journal is given. An instance whose"
                + " unchanged files a later --incremental instance still carries is kept the same way; a launch without"
                + " --incremental starts a new list, after which the older ones can go.")
public final class PruneCommand extends CliCommand {

    @Option(names = "--older-than", required = true, paramLabel = "AGE",
            description = "how long ago the instance finished: 30d, 12h or 90m (a bare number is days)")
    String olderThan;

    @Option(names = "--include-journal", description = "remove the journal too: those runs can no longer be rolled back")
    boolean includeJournal;

    @Option(names = "--dry-run", description = "count what would be removed, remove nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        PruneRequest request = new PruneRequest(age(olderThan), includeJournal, dryRun);
        try (JobSession session = jobSession()) {
            PruneResult counts = session.service().prune(request);
            out().printf(Locale.ROOT, "%s instances finished before %s: %,d removed, %,d kept for rollback (journal),"
                            + " %,d kept for the files a later incremental run carries;"
                            + " %,d executions, %,d files, %,d outcomes, %,d checks, %,d journal rows%n",
                    dryRun ? "would prune" : "pruned", counts.cutoff().withNano(0), counts.instances(), counts.keptForRollback(),
                    counts.keptCarried(),
                    counts.executions(), counts.files(), counts.outcomes(), counts.checks(), counts.journalRows());
            out().flush();
        }
        return ExitCodes.OK;
    }

    /** Spring Boot's simple durations (30d, 12h, 90m, also s and ms); a bare number is days. */
    static Duration age(String text) {
        try {
            Duration age = DurationStyle.SIMPLE.parse(text.strip(), ChronoUnit.DAYS);
            if (!age.isNegative()) {
                return age;
            }
        } catch (IllegalArgumentException e) {
            // not a duration at all: the same usage error as a negative one
        }
        throw UserException.usage("--older-than=" + text + " is not an age such as 30d, 12h or 90m");
    }
}
