package io.headpatch.ops.command;

import io.headpatch.job.PruneRequest;
import io.headpatch.job.PruneResult;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code prune}: retention for the database, by age of finished job instances. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Removes the rows of job instances that finished (latest execution COMPLETED or ABANDONED) before"
                + " --older-than: executions, file lists, outcomes and checks. Running, stopped and failed (restartable)"
                + " instances are never touched. An instance with journal rows keeps its journal, file list, outcomes"
                + " and executions, so 'rollback ID' still works, unless --include-journal is given. An instance whose"
                + " unchanged files a later --incremental instance still carries is kept the same way; a launch without"
                + " --incremental starts a new list, after which the older ones can go.")
public final class PruneCommand extends CliCommand {

    private static final Pattern AGE = Pattern.compile("(\\d+)([dhm])");

    @Option(names = "--older-than", required = true, paramLabel = "AGE",
            description = "how long ago the instance finished: 30d, 12h or 90m")
    String olderThan;

    @Option(names = "--include-journal", description = "remove the journal too: those runs can no longer be rolled back")
    boolean includeJournal;

    @Option(names = "--dry-run", description = "count what would be removed, remove nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        PruneRequest request = new PruneRequest(age(olderThan), includeJournal, dryRun);
        try (JobSession session = jobSession(JobSession.BASE_POOL_SIZE)) {
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

    static Duration age(String text) {
        Matcher matcher = AGE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw UserException.usage("--older-than=" + text + " is not an age such as 30d, 12h or 90m");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
