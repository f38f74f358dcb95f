package io.headpatch.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureLimitTest {

    @Test
    void aCountAllowsUpToThatManyFailures() {
        // given
        FailureLimit limit = FailureLimit.parse("10");

        // then
        assertThat(limit.exceededBy(10, 1_000)).isFalse();
        assertThat(limit.exceededBy(11, 1_000)).isTrue();
    }

    @Test
    void aPercentageIsOfTheManifest() {
        // given
        FailureLimit limit = FailureLimit.parse("2.5%");

        // then
        assertThat(limit.exceededBy(25, 1_000)).isFalse();
        assertThat(limit.exceededBy(26, 1_000)).isTrue();
    }

    @Test
    void noLimitIsNeverExceeded() {
        assertThat(FailureLimit.parse("").exceededBy(1_000, 1_000)).isFalse();
        assertThat(FailureLimit.parse(null)).isEqualTo(FailureLimit.NONE);
    }

    @Test
    void malformedLimitsNameTheValue() {
        assertThatThrownBy(() -> FailureLimit.parse("lots")).hasMessage("max-failures=lots is neither a count (100) nor a percentage (2.5%)");
        assertThatThrownBy(() -> FailureLimit.parse("-1")).hasMessageContaining("max-failures=-1");
        assertThatThrownBy(() -> FailureLimit.parse("150%")).hasMessageContaining("max-failures=150%");
    }
}
