package io.headpatch.ops.command;

import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/**
 * The options of {@code launch} parsed from a list of arguments, with the command's own validation
 * and defaults: how the console's launch form becomes exactly the request {@code launch} would make.
 */
@Command(name = "launch")
public final class LaunchArguments {

    @Mixin
    LaunchOptions options;

    @Mixin
    RemoteOptions remote;

    /** The checked request and how its partitions run (local threads or {@code --remote} workers). */
    public record Parsed(LaunchRequest request, PatchJobSettings settings) {
    }

    /** @throws UserException (usage) naming the option that is wrong, as the command line would */
    public static Parsed parse(List<String> args) {
        LaunchArguments target = new LaunchArguments();
        CommandLine commandLine = new CommandLine(target).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            commandLine.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw UserException.usage(e.getMessage());
        }
        return new Parsed(target.options.toRequest(), target.remote.settings());
    }
}
