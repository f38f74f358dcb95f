package io.headpatch.ops.command;

import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import io.headpatch.ops.db.Database;
import io.headpatch.ops.schedule.StopSignal;
import io.headpatch.ops.ui.ConsoleCredentials;
import io.headpatch.ops.ui.ConsoleServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code ui}: the operator web console, served until SIGTERM. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Serves the operator console until SIGTERM (or Ctrl-C): executions with live progress, partitions,"
                + " failures and reports; stop, restart, abandon, verify, rollback and launch; workers, schedules, health.",
                "Login: user admin ($HEADPATCH_UI_USER), password $HEADPATCH_UI_PASSWORD, else one generated at the first"
                        + " start, printed once and kept (mode 0600) in $HEADPATCH_HOME/ui-password.",
                "With the embedded database the console shares it: other commands can run meanwhile."})
public final class UiCommand extends CliCommand {

    /** Connections: launches from the console (2 × threads + 6 each), page queries, verify and rollback. */
    static final int POOL_SIZE = 48;
    private static final Duration GRACE = Duration.ofSeconds(60);

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "the address to listen on (default: ${DEFAULT-VALUE}; put a TLS reverse proxy in front"
                    + " before opening it to a network)")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "the port (default: ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw UserException.usage("--port=" + port + " is not a port number");
        }
        ConsoleCredentials credentials = ConsoleCredentials.resolve(environment());
        StopSignal stop = environment().stopSignal();
        Thread hook = stop.stopOnTermination(GRACE);
        try (Database database = database(POOL_SIZE);
             ConsoleServer server = ConsoleServer.start(bind, port, credentials, database,
                     root().connectionSettings().embedded())) {
            out().println("headpatch ui: " + server.url() + " on " + database.description() + " (user "
                    + credentials.user() + "); SIGTERM or Ctrl-C stops it");
            if (credentials.generatedNow()) {
                out().println("generated password for " + credentials.user() + ": " + credentials.password()
                        + " (shown once; kept in " + credentials.file() + ")");
            }
            out().flush();
            while (!stop.await(Duration.ofMinutes(1))) {
                // serving until stopped
            }
        } finally {
            stop.finished();
            StopSignal.removeHook(hook);
        }
        return ExitCodes.OK;
    }
}
