package io.headpatch.worker.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real tool and fails the test, with its output, when it does not exit 0. */
public final class ProcessRunner {

    private ProcessRunner() {
    }

    public record Result(byte[] stdout) {
        public String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(out);
    }
}
