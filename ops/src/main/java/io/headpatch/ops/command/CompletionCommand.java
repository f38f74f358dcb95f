package io.headpatch.ops.command;

import io.headpatch.ops.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code completion}: the shell completion script of every command and option (picocli's AutoComplete). */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Prints a completion script for bash and zsh. bash: source <(headpatch completion);"
                + " zsh: autoload -U +X bashcompinit && bashcompinit && source <(headpatch completion).")
public final class CompletionCommand extends CliCommand {

    @Override
    public Integer call() {
        out().print(AutoComplete.bash("headpatch", spec.root().commandLine()));
        out().flush();
        return ExitCodes.OK;
    }
}
