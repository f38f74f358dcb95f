package io.headpatch.ops.command;

import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;
import io.headpatch.worker.spec.BuiltInTemplates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.Map;

/** {@code specs}: the built-in templates, or the YAML of one (a starting point for your own spec file). */
@Command(name = "specs", mixinStandardHelpOptions = true,
        description = "Lists the built-in spec templates, or prints one's YAML (copy it to start a spec file).")
public final class SpecsCommand extends CliCommand {

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "the template to print")
    String name;

    @Override
    public Integer call() {
        Map<String, String> templates = BuiltInTemplates.descriptions();
        if (name == null) {
            int width = templates.keySet().stream().mapToInt(String::length).max().orElse(10);
            templates.forEach((template, description) ->
                    out().printf(Locale.ROOT, "%-" + width + "s  %s%n", template, description));
        } else {
            String source = BuiltInTemplates.source(name);
            if (source == null) {
                throw UserException.usage("no built-in template named " + name + "; built-in templates: "
                        + String.join(", ", templates.keySet()));
            }
            out().print(source.endsWith("\n") ? source : source + System.lineSeparator());
        }
        out().flush();
        return ExitCodes.OK;
    }
}
