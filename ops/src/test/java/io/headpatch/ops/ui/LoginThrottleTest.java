package io.headpatch.ops.ui;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void theEleventhFailureInAMinuteWaitsThenTheWaitDoublesUpToAMinute() {
        // given ten wrong passwords, none of which waited
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.wait("10.0.0.1", "admin")).isZero();
            throttle.failed("10.0.0.1", "admin");
        }

        // then the next attempt waits 1 s, from this address and for this user from any address
        assertThat(throttle.wait("10.0.0.1", "admin")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.wait("10.0.0.2", "admin")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.wait("10.0.0.1", "other")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.wait("10.0.0.2", "other")).isZero();
        assertThat(LoginThrottle.delay(11)).isEqualTo(Duration.ofSeconds(2));
        assertThat(LoginThrottle.delay(12)).isEqualTo(Duration.ofSeconds(4));
        assertThat(LoginThrottle.delay(15)).isEqualTo(Duration.ofSeconds(32));
        assertThat(LoginThrottle.delay(16)).isEqualTo(Duration.ofSeconds(60));
        assertThat(LoginThrottle.delay(1_000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void afterTheWaitAnAttemptIsCheckedAndASuccessForgetsTheFailures() {
        // given
        for (int i = 0; i < 30; i++) {
            throttle.failed("10.0.0.1", "admin");
        }
        assertThat(throttle.wait("10.0.0.1", "admin")).isEqualTo(Duration.ofSeconds(60));

        // when the wait has passed
        clock.advance(Duration.ofSeconds(60));

        // then the attempt is checked, and the right password forgets every failure
        assertThat(throttle.wait("10.0.0.1", "admin")).isZero();
        throttle.succeeded("10.0.0.1", "admin");
        assertThat(throttle.failures("10.0.0.1", "admin")).isZero();
    }

    @Test
    void failuresAreForgottenAfterAQuietQuarterOfAnHour() {
        // given
        for (int i = 0; i < 12; i++) {
            throttle.failed("10.0.0.1", "admin");
        }

        // when
        clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        throttle.failed("10.0.0.1", "admin");

        // then
        assertThat(throttle.failures("10.0.0.1", "admin")).isEqualTo(1);
        assertThat(throttle.wait("10.0.0.1", "admin")).isZero();
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
