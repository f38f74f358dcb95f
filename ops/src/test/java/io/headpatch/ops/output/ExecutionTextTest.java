package io.headpatch.ops.output;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.ExecutionSummary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionTextTest {

    @ParameterizedTest(name = "{0}, process gone: {1}")
    @CsvSource({"FAILED, false", "STOPPED, false", "UNKNOWN, false", "STARTED, true"})
    void aRunThatRestartContinuesNamesTheRestart(ExecutionStatus status, boolean ownerGone) {
        // when
        String text = printed(status, ownerGone);

        // then
        assertThat(text).containsPattern("(?m)^  continue +headpatch restart 42$");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"STARTED", "STOPPING", "COMPLETED", "ABANDONED"})
    void aRunThatRestartDoesNotContinueNamesNoCommand(ExecutionStatus status) {
        // when
        String text = printed(status, false);

        // then
        assertThat(text).contains("execution 42").doesNotContain("continue").doesNotContain("restart");
    }

    private static String printed(ExecutionStatus status, boolean ownerGone) {
        ExecutionSummary summary = new ExecutionSummary(42, 7, status, status.name(), "", LocalDateTime.of(2026, 12, 6, 16, 0),
                null, 0, "fhdr-v1.3", false, 10, 4, Map.of("PATCHED", 4L), 2, 1, 0, false, null, "host/1", ownerGone,
                null, null, false);
        StringWriter text = new StringWriter();
        ExecutionText.print(new PrintWriter(text), summary);
        return text.toString();
    }
}
