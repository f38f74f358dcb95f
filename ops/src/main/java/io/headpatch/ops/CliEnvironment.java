package io.headpatch.ops;

import io.headpatch.ops.schedule.StopSignal;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a command sees of the world besides its arguments: environment variables, whether a person
 * watches a terminal, and the signal that ends a long-running schedule. Tests pass their own.
 *
 * @param terminal true when progress may be drawn as a live bar
 */
public record CliEnvironment(Map<String, String> variables, boolean terminal, StopSignal stopSignal) {

    public static final String DB_URL = "HEADPATCH_DB_URL";
    public static final String DB_USER = "HEADPATCH_DB_USER";
    public static final String DB_PASSWORD = "HEADPATCH_DB_PASSWORD";
    public static final String HOME = "HEADPATCH_HOME";

    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), System.console() != null, new StopSignal());
    }

    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Where the embedded database and demo files live: {@code HEADPATCH_HOME}, else {@code ~/.headpatch}. */
    public Path home() {
        String home = variable(HOME);
        return home != null ? Path.of(home).toAbsolutePath() : Path.of(System.getProperty("user.home"), ".headpatch");
    }
}
