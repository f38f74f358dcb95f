package io.headpatch.ops.command;

import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.db.Database;
import io.headpatch.ops.schedule.StopSignal;
import io.headpatch.ops.ui.ConsoleCredentials;
import io.headpatch.ops.ui.ConsoleEndpoint;
import io.headpatch.ops.ui.ConsoleScope;
import io.headpatch.ops.ui.ConsoleServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code ui}: the operator web console, served until SIGTERM. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Serves the operator console until SIGTERM (or Ctrl-C): executions with live progress, partitions,"
                + " failures and reports; stop, restart, abandon, verify, rollback and launch; workers, schedules, health.",
                "Login: user admin ($HEADPATCH_UI_USER), password $HEADPATCH_UI_PASSWORD, else one generated at the first"
                        + " start, printed once and kept (mode 0600) in $HEADPATCH_HOME/ui-password.",
                "With the embedded database the console shares it: other commands can run meanwhile.",
                "A console user acts with this process's OS rights inside its --root trees."})
public final class UiCommand extends CliCommand {

    /** Connections: launches from the console (2 × threads + 6 each), page queries, verify and rollback. */
    static final int POOL_SIZE = 48;
    private static final Duration GRACE = Duration.ofSeconds(60);

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "the address to listen on (default: ${DEFAULT-VALUE}); any other than a loopback address needs"
                    + " --tls-cert and --tls-key, or --insecure-http")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "the port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--root", paramLabel = "DIR", description = "a tree the console's launches, restarts, stops, verifies"
            + " and rollbacks may touch (repeatable; a link means its target); without it the console launches nothing")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--spec-dir", paramLabel = "DIR", description = "the folder of the spec files the launch form may name"
            + " (owned by this user, not writable by group or others); without it only built-in templates")
    Path specDir;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "serve HTTPS with this PEM certificate (chain); with --tls-key")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "the PEM private key of --tls-cert")
    Path tlsKey;

    @Option(names = "--insecure-http", description = "allow plain HTTP on a non-loopback --bind (a TLS-terminating proxy"
            + " in front); prints a warning")
    boolean insecureHttp;

    @Override
    public Integer call() throws InterruptedException {
        ConsoleEndpoint endpoint = new ConsoleEndpoint(bind, port, tlsCert, tlsKey, insecureHttp);
        String warning = endpoint.check();
        ConsoleScope scope = ConsoleScope.of(roots, specDir);
        ConsoleCredentials credentials = ConsoleCredentials.resolve(environment());
        if (warning != null) {
            err().println("headpatch ui: " + warning);
            err().flush();
        }
        StopSignal stop = environment().stopSignal();
        Thread hook = stop.stopOnTermination(GRACE);
        try (Database database = database(POOL_SIZE);
             ConsoleServer server = ConsoleServer.start(endpoint, credentials, scope, database,
                     root().connectionSettings().embedded())) {
            out().println("headpatch ui: " + server.url() + " on " + database.description() + " (user "
                    + credentials.user() + "); SIGTERM or Ctrl-C stops it");
            out().println(scope.rootNames().isEmpty() ? "launches nothing (no --root)"
                    : "launches and acts only inside " + String.join(", ", scope.rootNames()));
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
