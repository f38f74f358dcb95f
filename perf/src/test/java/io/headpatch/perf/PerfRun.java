package io.headpatch.perf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One perf command run in this JVM through its picocli entry point, with what it printed on standard output. */
public record PerfRun(int exit, String output) {

    public static PerfRun of(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            int exit = PerfMain.commandLine().execute(args);
            return new PerfRun(exit, printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
    }
}
