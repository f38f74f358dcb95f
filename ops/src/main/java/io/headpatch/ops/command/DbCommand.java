package io.headpatch.ops.command;

import io.headpatch.job.Databases;
import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.db.Database;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Locale;

/** {@code db migrate|info}: the schema for operators (every other command migrates by itself). */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "The database schema: migrate applies pending migrations (every command does so by itself);"
                + " info lists them.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class})
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
}
