package io.headpatch.ops;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.PropertiesDefaultProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Defaults from the configuration file ({@code HEADPATCH_HOME/config.properties}, or {@code --config
 * FILE}): keys are long option names without dashes ({@code db}, {@code threads}), or prefixed with
 * the command ({@code headpatch.launch.threads}). An option's environment variable comes before
 * the file, the command line before both.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    static final String FILE_NAME = "config.properties";

    /** Options that an environment variable may set, by option name. */
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "--db", CliEnvironment.DB_URL,
            "--db-user", CliEnvironment.DB_USER);

    private final CliEnvironment environment;
    private final PropertiesDefaultProvider file;

    private ConfigDefaults(CliEnvironment environment, PropertiesDefaultProvider file) {
        this.environment = environment;
        this.file = file;
    }

    /**
     * @param explicit {@code --config FILE}, which must exist; null for the home's file, used when present
     * @throws UserException (exit 2) naming a file that is missing or unreadable
     */
    static ConfigDefaults load(CliEnvironment environment, Path explicit) {
        Path path = explicit != null ? explicit : environment.home().resolve(FILE_NAME);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            if (explicit != null) {
                throw UserException.usage("--config " + explicit + ": no such file");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw UserException.usage("cannot read the configuration file " + path + ": " + e.getMessage());
        }
        return new ConfigDefaults(environment, new PropertiesDefaultProvider(properties));
    }

    @Override
    public String defaultValue(ArgSpec argSpec) throws Exception {
        if (argSpec instanceof OptionSpec option) {
            String variable = ENVIRONMENT.get(option.longestName());
            if (variable != null && environment.variable(variable) != null) {
                return environment.variable(variable);
            }
        }
        return file.defaultValue(argSpec);
    }
}
