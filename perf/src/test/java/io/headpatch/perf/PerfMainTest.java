package io.headpatch.perf;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The one entry point of the benchmarks jar: its commands, their help, and a clear error for a bad option. */
class PerfMainTest {

    @Test
    void helpListsTheCommands() {
        // given
        StringWriter out = new StringWriter();
        CommandLine perf = PerfMain.commandLine();
        perf.setOut(new PrintWriter(out));

        // when
        int exit = perf.execute("--help");

        // then
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("bench", "incremental", "scaling", "jmh");
    }

    @Test
    void scalingHelpExplainsItsOptions() {
        // given
        StringWriter out = new StringWriter();
        CommandLine perf = PerfMain.commandLine();
        perf.setOut(new PrintWriter(out));

        // when
        int exit = perf.execute("scaling", "--help");

        // then
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--workers=W", "--sync=MODE", "--manager-idle-partitions=P", "(default: 200000)");
    }

    @Test
    void unknownContestantIsAUsageError() {
        // given
        StringWriter err = new StringWriter();
        CommandLine perf = PerfMain.commandLine();
        perf.setErr(new PrintWriter(err));

        // when
        int exit = perf.execute("bench", "--only", "nosuch");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--only'", "nosuch");
    }
}
