package io.headpatch.ops.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as the real unprivileged OS user {@code nobody} (setpriv), as another local user would. */
public final class OtherUser {

    public record Result(int exitCode, String output) {
    }

    private OtherUser() {
    }

    public static Result run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        full.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).directory(new java.io.File("/"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " as nobody did not end within two minutes");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    public static Result run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }
}
