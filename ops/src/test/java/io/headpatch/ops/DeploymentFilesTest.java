package io.headpatch.ops;

import io.headpatch.ops.support.DeployedCommandLines;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command lines in the systemd units and Kubernetes manifests, checked by headpatch's own parser: an option
 * renamed or removed later breaks the build instead of a deployment. The exit codes the units count as success.
 */
class DeploymentFilesTest {

    private static final Path SYSTEMD = Path.of("src/main/dist/lib/systemd");
    private static final Path KUBERNETES = Path.of("../deploy/kubernetes");

    @Test
    void everySystemdExecStartRunsTheInstalledLauncherWithOptionsHeadpatchKnows() {
        // given
        Map<String, List<String>> commandLines = DeployedCommandLines.systemdUnits(SYSTEMD);

        // when
        List<String> rejected = rejectedByTheParser(commandLines);

        // then
        assertThat(commandLines).as("ExecStart lines in %s", SYSTEMD).hasSizeGreaterThanOrEqualTo(4);
        assertThat(DeployedCommandLines.systemdPrograms(SYSTEMD)).containsOnly("/opt/headpatch/bin/headpatch");
        assertThat(rejected).isEmpty();
    }

    @Test
    void everyKubernetesContainerRunsACommandHeadpatchKnows() {
        // given
        Map<String, List<String>> commandLines = DeployedCommandLines.kubernetesContainers(KUBERNETES);

        // when
        List<String> rejected = rejectedByTheParser(commandLines);

        // then
        assertThat(commandLines.values()).as("container args in %s", KUBERNETES)
                .anySatisfy(args -> assertThat(args).startsWith("worker"))
                .anySatisfy(args -> assertThat(args).startsWith("launch"))
                .anySatisfy(args -> assertThat(args).startsWith("ui"));
        assertThat(rejected).isEmpty();
    }

    @Test
    void everyServiceCountsAStopBySigtermAsSuccessButNeverExit5() throws Exception {
        // given
        List<Path> services;
        try (var files = Files.list(SYSTEMD)) {
            services = files.filter(file -> file.toString().endsWith(".service")).sorted().toList();
        }

        // when
        List<String> successes = new ArrayList<>();
        for (Path service : services) {
            Files.readString(service).lines().filter(line -> line.startsWith("SuccessExitStatus="))
                    .forEach(line -> successes.add(service.getFileName() + ": " + line));
        }

        // then
        assertThat(successes).hasSize(services.size())
                .allSatisfy(line -> assertThat(line).endsWith("SuccessExitStatus=" + ExitCodes.TERMINATED));
    }

    /** Each command line that headpatch's configured picocli parser refuses, with its reason. */
    private static List<String> rejectedByTheParser(Map<String, List<String>> commandLines) {
        List<String> rejected = new ArrayList<>();
        commandLines.forEach((where, args) -> {
            try {
                PrintWriter discard = new PrintWriter(new StringWriter());
                HeadpatchCommand.commandLine(CliEnvironment.system(), discard, discard).parseArgs(args.toArray(String[]::new));
            } catch (ParameterException e) {
                rejected.add("file=" + where + " args=" + args + " problem=" + e.getMessage());
            }
        });
        return rejected;
    }
}
