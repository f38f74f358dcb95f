package io.headpatch.ops.db;

import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.Cli;
import io.headpatch.ops.support.JarProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded database shared by the commands of one user, as real processes: several at once, a command or the
 * server killed with -9, {@code db status} and {@code db stop}, and the stop once idle. One home for the class: the
 * binaries are extracted and the cluster made once; each test ends with the server stopped.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SharedEmbeddedDatabaseIntegrationTests {

    private static final Pattern UI_STARTED = Pattern.compile("headpatch ui: (http://127\\.0\\.0\\.1:\\d+) on the embedded database");

    @TempDir
    static Path home;

    private final List<Process> started = new ArrayList<>();
    private final Map<Process, Path> uiOutputs = new HashMap<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process process : started) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Cli.Result stop = JarProcess.embedded(home).run("db", "stop", "--force");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
    }

    @Test
    void statusReportUiAndStopRunFromOtherProcessesWhileALaunchUsesTheEmbeddedDatabase(@TempDir Path files) throws Exception {
        // given a launch of 200,000 files on the embedded database, frozen (SIGSTOP) once its scan is done
        FhdrFiles.generate(files, 200_000, 7);
        JarProcess headpatch = JarProcess.embedded(home);
        Path out = home.resolve("launch.out");
        Path err = home.resolve("launch.err");
        Process launch = start(headpatch.start(out, err, "launch", "--spec", "fhdr-v1.3", "--root", files.toString(),
                "--threads", "1", "--chunk", "50", "--sync", "each"));
        long execution;
        try (Connection client = awaitConnection(launch)) {
            execution = await("the launch's execution").atMost(3, TimeUnit.MINUTES).pollInterval(20, TimeUnit.MILLISECONDS)
                    .until(() -> startedExecution(client, launch, err), Optional::isPresent).orElseThrow();
            signal(launch, "STOP");
        }

        // when the console starts and three other commands run at once
        Process ui = startUi(headpatch);
        CompletableFuture<Cli.Result> status = CompletableFuture.supplyAsync(() -> run(headpatch, "status"));
        CompletableFuture<Cli.Result> report = CompletableFuture.supplyAsync(() -> run(headpatch, "report", Long.toString(execution)));
        CompletableFuture<Cli.Result> stop = CompletableFuture.supplyAsync(() -> run(headpatch, "stop", Long.toString(execution)));

        // then the console answers from the database the launch holds, and each command succeeds on it
        assertThat(ready(ui)).isEqualTo("up");
        assertThat(status.get().exitCode()).as(status.get().toString()).isZero();
        assertThat(status.get().out()).contains("STARTED");
        assertThat(report.get().exitCode()).as(report.get().toString()).isZero();
        assertThat(stop.get().exitCode()).as(stop.get().toString()).isZero();
        assertThat(stop.get().out()).contains("stop requested for execution " + execution);

        // and the launch, let go on, stops as asked; the console, asked to stop, ends as a service does
        signal(launch, "CONT");
        assertThat(launch.waitFor(2, TimeUnit.MINUTES)).isTrue();
        signal(ui, "TERM");
        assertThat(ui.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(ui.exitValue()).isZero();
        assertThat(Files.readString(out)).contains("STOPPED");
        Cli.Result after = headpatch.run("status", Long.toString(execution));
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).contains("STOPPED");
    }

    @Test
    void aCommandOrTheServerKilledWithNineNeverFailsTheNextCommand() throws Exception {
        // given a console that started the embedded server
        JarProcess headpatch = JarProcess.embedded(home);
        Process ui = startUi(headpatch);
        long server = serverPid();

        // when it is killed with -9, the next command reuses the server
        signal(ui, "KILL");
        ui.waitFor();
        assertSucceeds(headpatch.run("status"));
        assertThat(serverPid()).isEqualTo(server);

        // when the server and its watcher are killed with -9 (postmaster.pid stays, naming a dead process)
        killServerAndWatcher(server);
        assertSucceeds(headpatch.run("status"));
        long second = serverPid();
        assertThat(second).isNotEqualTo(server);

        // when they are killed again and the pid in postmaster.pid now belongs to another program
        killServerAndWatcher(second);
        Process other = start(new ProcessBuilder("sleep", "300").start());
        Path pidFile = home.resolve("pg").resolve("postmaster.pid");
        List<String> lines = new ArrayList<>(Files.readAllLines(pidFile));
        lines.set(0, Long.toString(other.pid()));
        Files.write(pidFile, lines);

        // then the next command starts a new server, and the other program is left alone
        assertSucceeds(headpatch.run("status"));
        assertThat(serverPid()).isNotIn(server, second, other.pid());
        assertThat(other.isAlive()).isTrue();
    }

    @Test
    void dbStatusShowsTheServerAndItsHoldersAndDbStopRefusesWhileACommandHoldsIt() throws Exception {
        // given
        JarProcess headpatch = JarProcess.embedded(home);
        Cli.Result stopped = headpatch.run("db", "status");
        assertSucceeds(stopped);
        assertThat(stopped.out()).contains("embedded database: stopped", "data: " + home.resolve("pg"));
        Process ui = startUi(headpatch);

        // when
        Cli.Result status = headpatch.run("db", "status");
        Cli.Result refused = headpatch.run("db", "stop");

        // then
        assertSucceeds(status);
        assertThat(status.out()).contains("embedded database: running", "pid: " + serverPid(), "version: 18.",
                "data: " + home.resolve("pg"), "used by: pid=" + ui.pid());
        assertOneLineError(refused, ExitCodes.CONFLICT, "is in use by pid=" + ui.pid());
        assertThat(refused.errLines().get(0)).contains("--force");

        // when
        long server = serverPid();
        Cli.Result forced = headpatch.run("db", "stop", "--force");

        // then
        assertSucceeds(forced);
        assertThat(forced.out()).contains("stopped the embedded database (pid=" + server + ")");
        assertThat(ProcessHandle.of(server).filter(ProcessHandle::isAlive)).isEmpty();
        signal(ui, "KILL");
        ui.waitFor();
        assertThat(headpatch.run("db", "stop").out()).contains("the embedded database is not running");
        assertOneLineError(headpatch.environment(EmbeddedWatcher.IDLE_VARIABLE, "soon").run("status"), ExitCodes.USAGE,
                EmbeddedWatcher.IDLE_VARIABLE + "=soon is not a number of seconds");
    }

    @Test
    void theServerStopsOnceIdleAfterTheLastCommand() throws Exception {
        // given
        JarProcess headpatch = JarProcess.embedded(home).environment(EmbeddedWatcher.IDLE_VARIABLE, "2");

        // when
        assertSucceeds(headpatch.run("status"));
        long server = serverPid();

        // then
        await("the idle server stopped").atMost(1, TimeUnit.MINUTES)
                .until(() -> ProcessHandle.of(server).filter(ProcessHandle::isAlive).isEmpty()
                        && !Files.exists(home.resolve("pg").resolve("postmaster.pid")));
        assertThat(Files.readString(home.resolve(EmbeddedServerStart.LOG))).contains("idle for 2 s: stopping the embedded PostgreSQL");
        assertSucceeds(headpatch.run("status"));
    }

    /** The console's {@code /readyz} answer: "up" once its database answers. */
    private String ready(Process ui) throws Exception {
        Matcher address = UI_STARTED.matcher(Files.readString(uiOutputs.get(ui)));
        assertThat(address.find()).isTrue();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(address.group(1) + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().strip();
    }

    private Process startUi(JarProcess headpatch) throws IOException {
        Path output = home.resolve("ui-" + System.nanoTime() + ".out");
        Process ui = start(headpatch.builder("ui", "--port", "0").redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        await("headpatch ui started").atMost(3, TimeUnit.MINUTES).pollInterval(200, TimeUnit.MILLISECONDS)
                .failFast("headpatch ui ended", () -> !ui.isAlive())
                .until(() -> UI_STARTED.matcher(Files.exists(output) ? Files.readString(output) : "").find());
        uiOutputs.put(ui, output);
        return ui;
    }

    private Process start(Process process) {
        started.add(process);
        return process;
    }

    /** A connection to the embedded server, made as any client of this user could, once it accepts one. */
    private Connection awaitConnection(Process launch) {
        return await("the embedded server").atMost(3, TimeUnit.MINUTES).pollInterval(200, TimeUnit.MILLISECONDS)
                .failFast("the launch ended", () -> !launch.isAlive())
                .ignoreExceptions()
                .until(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + postmasterLine(3) + "/headpatch",
                        EmbeddedDatabase.USER, Files.readString(home.resolve(EmbeddedPassword.FILE)).strip()), c -> c != null);
    }

    /** The running execution once its scan step has completed (so that it can be reported on and stops in the patch). */
    private static Optional<Long> startedExecution(Connection client, Process launch, Path err) throws Exception {
        if (!launch.isAlive()) {
            throw new AssertionError("the launch ended before it could be frozen: " + Files.readString(err));
        }
        try (Statement statement = client.createStatement();
             ResultSet row = statement.executeQuery("SELECT e.job_execution_id FROM hp_job_summary s JOIN batch_job_execution e"
                     + " ON e.job_execution_id = s.job_execution_id WHERE e.status = 'STARTED' AND s.manifest_id IS NOT NULL"
                     + " AND EXISTS (SELECT 1 FROM batch_step_execution x WHERE x.job_execution_id = e.job_execution_id"
                     + " AND x.step_name = 'scan' AND x.status = 'COMPLETED')")) {
            return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
        } catch (java.sql.SQLException e) {
            if (List.of("42P01", "40P01").contains(e.getSQLState())) {
                return Optional.empty();  // the launch is still migrating the schema (a view missing, or being replaced)
            }
            throw e;
        }
    }

    private long serverPid() throws IOException {
        return Long.parseLong(postmasterLine(0));
    }

    private String postmasterLine(int index) throws IOException {
        return Files.readAllLines(home.resolve("pg").resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(index).strip();
    }

    /** Kills the server and the watcher that keeps it, with -9, and waits until both are gone. */
    private void killServerAndWatcher(long server) throws Exception {
        List<ProcessHandle> watchers = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).contains(home.toString())
                        && p.info().commandLine().orElse("").contains(EmbeddedWatcher.class.getName()))
                .toList();
        assertThat(watchers).hasSize(1);
        ProcessHandle postmaster = ProcessHandle.of(server).orElseThrow();
        for (ProcessHandle process : List.of(watchers.get(0), postmaster)) {
            assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).start().waitFor()).isZero();
        }
        await("killed").atMost(30, TimeUnit.SECONDS).until(() -> !watchers.get(0).isAlive() && !postmaster.isAlive());
        assertThat(home.resolve("pg").resolve("postmaster.pid")).exists();
    }

    private static Cli.Result run(JarProcess headpatch, String... args) {
        try {
            return headpatch.run(args);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor()).isZero();
    }

    private static void assertSucceeds(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    private static void assertOneLineError(Cli.Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.errLines()).as(result.toString()).hasSize(1);
        assertThat(result.errLines().get(0)).contains(message).doesNotContain("Exception", "\tat ");
    }
}
