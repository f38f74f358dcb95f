package io.headpatch.job.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts a main class of the test classpath in a child JVM with the Chronicle flags. */
public final class ChildJvm {

    private ChildJvm() {
    }

    public static Process start(Class<?> main, List<String> args) throws Exception {
        return start(List.of(), main, args, ProcessBuilder.Redirect.PIPE);
    }

    /** As {@link #start(Class, List)}, its stdout (what it prints, and the log) going to {@code stdout}. */
    public static Process start(Class<?> main, List<String> args, ProcessBuilder.Redirect stdout) throws Exception {
        return start(List.of(), main, args, stdout);
    }

    /** With {@code prefix} before the java command, e.g. setpriv to run it with fewer capabilities. */
    public static Process start(List<String> prefix, Class<?> main, List<String> args) throws Exception {
        return start(prefix, main, args, ProcessBuilder.Redirect.PIPE);
    }

    private static Process start(List<String> prefix, Class<?> main, List<String> args, ProcessBuilder.Redirect stdout)
            throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("headpatch.jvmFlags", "").split(" ")));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return new ProcessBuilder(command).redirectOutput(stdout).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
