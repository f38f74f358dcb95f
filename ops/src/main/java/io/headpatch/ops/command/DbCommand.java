package io.headpatch.ops.command;

import io.headpatch.job.Databases;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import io.headpatch.ops.db.Database;
import io.headpatch.ops.db.EmbeddedServerControl;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code db migrate|info}: the schema for operators (every other command migrates by itself); {@code db status|stop}:
 * the embedded server shared by this user's commands.
 */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = {"The database schema: migrate applies pending migrations (every command does so by itself);"
                + " info lists them.",
                "The embedded server, shared by this user's commands and stopped after it has been idle for"
                        + " $HEADPATCH_DB_IDLE_SECONDS (default 300): status shows it; stop stops it now."},
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class, DbCommand.Status.class, DbCommand.Stop.class})
public final class DbCommand extends CliCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        return ExitCodes.USAGE;
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Applies pending migrations.")
    static final class Migrate extends CliCommand {

        @Override
        public Integer call() {
            try (Database database = Database.connect(root().connectionSettings(), environment().home(), 2, false)) {
                MigrateResult result = Databases.migrate(database.dataSource());
                out().printf(Locale.ROOT, "%s: applied %d migration(s); schema version %s%n", database.description(),
                        result.migrationsExecuted, result.targetSchemaVersion != null ? result.targetSchemaVersion
                                : result.initialSchemaVersion);
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Lists applied and pending migrations.")
    static final class Info extends CliCommand {

        @Override
        public Integer call() {
            try (Database database = Database.connect(root().connectionSettings(), environment().home(), 2, false)) {
                PrintWriter out = out();
                out.println(database.description());
                out.printf(Locale.ROOT, "%-8s %-40s %-10s %s%n", "VERSION", "DESCRIPTION", "STATE", "INSTALLED");
                for (MigrationInfo info : Databases.flyway(database.dataSource()).info().all()) {
                    // A repeatable migration (the views) has no version: R, as Flyway names its files.
                    out.printf(Locale.ROOT, "%-8s %-40s %-10s %s%n", info.getVersion() == null ? "R" : info.getVersion(),
                            info.getDescription(),
                            info.getState().getDisplayName(), info.getInstalledOn() == null ? "-" : info.getInstalledOn());
                }
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows the embedded server: running or not, pid, port, data folder, version, the commands using it.")
    static final class Status extends CliCommand {

        @Override
        public Integer call() {
            requireEmbedded(root().connectionSettings().embedded(), "status");
            EmbeddedServerControl.Status status = EmbeddedServerControl.status(environment().home());
            PrintWriter out = out();
            out.println("embedded database: " + (status.running() ? "running" : "stopped"));
            out.println("data: " + status.dataDirectory());
            out.println("version: " + status.version());
            if (status.running()) {
                out.println("pid: " + status.pid().orElseThrow());
                out.println("port: " + status.port().orElseThrow());
                out.println("used by: " + (status.holders().isEmpty() ? "none"
                        : status.holders().stream().map(pid -> "pid=" + pid).collect(Collectors.joining(" "))));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops the embedded server now; refused while a command uses it, unless --force.")
    static final class Stop extends CliCommand {

        @Option(names = "--force", description = "stop it even while commands use it (their database sessions end)")
        boolean force;

        @Override
        public Integer call() {
            requireEmbedded(root().connectionSettings().embedded(), "stop");
            Optional<Long> stopped = EmbeddedServerControl.stop(environment().home(), force);
            out().println(stopped.map(pid -> "stopped the embedded database (pid=" + pid + ")")
                    .orElse("the embedded database is not running"));
            out().flush();
            return ExitCodes.OK;
        }
    }

    private static void requireEmbedded(boolean embedded, String command) {
        if (!embedded) {
            throw UserException.usage("db " + command + " is for the embedded database; it does not apply with --db"
                    + " or HEADPATCH_DB_URL");
        }
    }
}
