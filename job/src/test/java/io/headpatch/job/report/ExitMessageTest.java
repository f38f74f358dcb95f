package io.headpatch.job.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit messages as users read them: the first line, without the class name Spring Batch puts first. */
class ExitMessageTest {

    @Test
    void theExceptionsClassNameIsLeftOut() {
        // given
        String failureLimit = "io.headpatch.job.outcome.FailureLimitTasklet$FailureLimitExceededException: failed files=3 of 10"
                + "\n\tat io.headpatch.job.outcome.FailureLimitTasklet.execute(FailureLimitTasklet.java:30)";
        String interrupted = "org.springframework.batch.core.job.JobInterruptedException\n\tat somewhere";

        // when / then
        assertThat(SummaryQueries.firstLine(failureLimit)).isEqualTo("failed files=3 of 10");
        assertThat(SummaryQueries.firstLine(interrupted)).isEqualTo("job interrupted");
        assertThat(SummaryQueries.firstLine("stopped by the operator")).isEqualTo("stopped by the operator");
        assertThat(SummaryQueries.firstLine(null)).isNull();
    }
}
