package io.headpatch.ops.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL server running on a home's data directory, as its {@code postmaster.pid} tells, and only if
 * the process it names is really that server: alive, running a {@code postgres} binary of this home, and started when
 * the file says. A file left by a server killed with -9, or whose pid now belongs to another program, finds nothing.
 */
record RunningServer(long pid, int port, Path dataDirectory, String state) {

    private static final Duration START_TOLERANCE = Duration.ofSeconds(2);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    static Optional<RunningServer> find(Path home) {
        Path dataDirectory = home.resolve("pg");
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).strip());
            Instant started = Instant.ofEpochSecond(Long.parseLong(lines.get(2).strip()));
            int port = Integer.parseInt(lines.get(3).strip());
            String state = lines.size() > 7 ? lines.get(7).strip() : "starting";
            return ProcessHandle.of(pid)
                    .filter(process -> isThisServer(process, home, started))
                    .map(process -> new RunningServer(pid, port, dataDirectory, state));
        } catch (RuntimeException e) {
            // a file being written, or not one of PostgreSQL's: no server to use
            return Optional.empty();
        }
    }

    private static boolean isThisServer(ProcessHandle process, Path home, Instant started) {
        ProcessHandle.Info info = process.info();
        Path binaries = home.resolve("pg-bin");
        boolean ours = info.command().map(Path::of).filter(command -> command.startsWith(binaries)
                && command.getFileName().toString().equals("postgres")).isPresent();
        boolean sameStart = info.startInstant()
                .filter(start -> Duration.between(start, started).abs().compareTo(START_TOLERANCE) <= 0).isPresent();
        return process.isAlive() && ours && sameStart;
    }

    boolean ready() {
        return state.equals("ready");
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** Fast shutdown (SIGINT: sessions are ended, the data is checkpointed), waiting for the server to end. */
    void stop() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        kill.waitFor(10, TimeUnit.SECONDS);
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            try {
                process.get().onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("the embedded PostgreSQL (pid " + pid + ") did not stop within " + STOP_WAIT.toSeconds() + " s");
            }
        }
    }
}
