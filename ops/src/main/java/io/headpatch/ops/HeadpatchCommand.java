package io.headpatch.ops;

import io.headpatch.ops.command.AbandonCommand;
import io.headpatch.ops.command.CompletionCommand;
import io.headpatch.ops.command.DbCommand;
import io.headpatch.ops.command.DemoCommand;
import io.headpatch.ops.command.LaunchCommand;
import io.headpatch.ops.command.PruneCommand;
import io.headpatch.ops.command.ReportCommand;
import io.headpatch.ops.command.RestartCommand;
import io.headpatch.ops.command.RetryCommand;
import io.headpatch.ops.command.RollbackCommand;
import io.headpatch.ops.command.ScheduleCommand;
import io.headpatch.ops.command.SpecsCommand;
import io.headpatch.ops.command.StatusCommand;
import io.headpatch.ops.command.StopCommand;
import io.headpatch.ops.command.UiCommand;
import io.headpatch.ops.command.VerifyCommand;
import io.headpatch.ops.command.WorkerCommand;
import io.headpatch.ops.db.ConnectionSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code headpatch}: the command line of the header patcher; the database options apply to every command. */
@Command(name = "headpatch", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Patches the headers of millions of small files in place, as a restartable, partitioned job"
                + " whose state lives in PostgreSQL.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {LaunchCommand.class, StatusCommand.class, RestartCommand.class, RetryCommand.class, StopCommand.class,
                AbandonCommand.class, ReportCommand.class, VerifyCommand.class, RollbackCommand.class, SpecsCommand.class,
                ScheduleCommand.class, DemoCommand.class, DbCommand.class, WorkerCommand.class, UiCommand.class,
                PruneCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nDatabase:%n",
        footer = {"Without --db and HEADPATCH_DB_URL, an embedded PostgreSQL keeps its data under ~/.headpatch"
                + " (HEADPATCH_HOME overrides)."})
public final class HeadpatchCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "JDBC_URL", scope = ScopeType.INHERIT,
            description = "PostgreSQL JDBC URL (default: $HEADPATCH_DB_URL, else the embedded database)")
    private String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", scope = ScopeType.INHERIT,
            description = "database user (default: $HEADPATCH_DB_USER)")
    private String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR", scope = ScopeType.INHERIT,
            description = "environment variable holding the database password (default: HEADPATCH_DB_PASSWORD)")
    private String dbPasswordVariable;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "option defaults, e.g. db=jdbc:postgresql://db:5432/headpatch or headpatch.launch.threads=8"
                    + " (default: config.properties in HEADPATCH_HOME, if there); options, then environment, then file")
    private Path configFile; // read from the arguments before parsing (configOption); declared for parsing and --help

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "log what happens and show stack traces of errors")
    private boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "print results and errors only: no progress, no warnings (the run's log file keeps them)")
    private boolean quiet;

    @Option(names = "--log-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "where a command that works on files logs, in a folder only you can write (default: a new file"
                    + " per run in HEADPATCH_HOME/logs;"
                    + " -Dlogback.configurationFile=FILE replaces all of this)")
    private Path logFile;

    @Spec
    private CommandSpec spec;

    private final CliEnvironment environment;
    private OutputStream exactOut;

    public HeadpatchCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, FileNames.TEXT);
        PrintWriter err = new PrintWriter(System.err, true, FileNames.TEXT);
        String mangled = FileNames.mangledArgument(args);
        if (mangled != null) {
            err.println("headpatch: " + mangled);
            System.exit(ExitCodes.USAGE);
        }
        System.exit(execute(CliEnvironment.system(), out, err, System.out, args));
    }

    /** Runs one command line, with the defaults of the configuration file ({@code --config} or the home's). */
    public static int execute(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        return execute(environment, out, err, FileNames.latin1Bytes(out), args);
    }

    private static int execute(CliEnvironment environment, PrintWriter out, PrintWriter err, OutputStream exactOut, String... args) {
        CommandLine commandLine = commandLine(environment, out, err);
        ((HeadpatchCommand) commandLine.getCommand()).exactOut = exactOut;
        try {
            commandLine.setDefaultValueProvider(ConfigDefaults.load(environment, configOption(args)));
        } catch (UserException e) {
            err.println("headpatch: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        return commandLine.execute(args);
    }

    /** {@code --config FILE} or {@code --config=FILE}, read before parsing since the defaults depend on it. */
    private static Path configOption(String[] args) {
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }

    /**
     * The configured command line, without a configuration file's defaults: its output, error writer
     * and world are the given ones (tests inject theirs).
     */
    public static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err) {
        HeadpatchCommand root = new HeadpatchCommand(environment);
        root.exactOut = FileNames.latin1Bytes(out);
        CommandLine commandLine = new CommandLine(root);
        ErrorReporter errors = new ErrorReporter(() -> root.verbose);
        commandLine.setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setExecutionStrategy(parseResult -> {
                    Path runLog;
                    try {
                        runLog = root.runLog(parseResult);
                    } catch (UserException e) {
                        // thrown here, outside the command, picocli would print it as a stack trace
                        List<CommandLine> commands = parseResult.asCommandLineList();
                        throw new CommandLine.ExecutionException(commands.get(commands.size() - 1), e.getMessage(), e);
                    }
                    Logging.configure(root.verbose, root.quiet, runLog);
                    try {
                        return new CommandLine.RunLast().execute(parseResult);
                    } finally {
                        // lets the log file go before the JVM exits, so that a part rolled over late is compressed whole
                        Logging.configure(root.verbose, root.quiet, null);
                    }
                });
        for (CommandLine command : List.of(commandLine, commandLine.getSubcommands().get("launch"),
                commandLine.getSubcommands().get("restart"))) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.descriptions());
        }
        return commandLine;
    }

    /** Bare {@code headpatch}: a short usage, not the whole help. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Usage: headpatch [OPTIONS] COMMAND [ARGS]");
        err.println("Commands: " + String.join(", ", spec.subcommands().keySet()));
        err.println("'headpatch --help' lists the options, 'headpatch COMMAND --help' tells about a command.");
        err.flush();
        return ExitCodes.USAGE;
    }

    public CliEnvironment environment() {
        return environment;
    }

    /** Standard output as bytes, for what must be written exactly (paths); flush {@code out} before using it. */
    public OutputStream exactOut() {
        return exactOut;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean quiet() {
        return quiet;
    }

    /** The log file of a command that works on files: --log-file, else a new one under the home's logs/; else null. */
    private Path runLog(CommandLine.ParseResult parseResult) {
        List<CommandLine> commands = parseResult.asCommandLineList();
        String name = commands.size() > 1 ? commands.get(1).getCommandName() : null;
        if (name == null || !RunLogs.COMMANDS.contains(name)
                || commands.stream().anyMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested())) {
            return null;
        }
        return logFile != null ? RunLogs.privateFile(logFile) : RunLogs.newFile(environment.home(), name);
    }

    /** The database options to repeat in a command printed for the user ("" for the environment's or the embedded database). */
    public String databaseOptions() {
        return (dbUrl == null ? "" : "--db " + ConnectionSettings.withoutQuery(dbUrl) + " ")
                + (dbUser == null ? "" : "--db-user " + dbUser + " ");
    }

    public ConnectionSettings connectionSettings() {
        return ConnectionSettings.resolve(dbUrl, dbUser, dbPasswordVariable, environment);
    }
}
