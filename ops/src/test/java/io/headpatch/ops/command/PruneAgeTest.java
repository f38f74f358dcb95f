package io.headpatch.ops.command;

import io.headpatch.ops.UserException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PruneAgeTest {

    @Test
    void daysHoursAndMinutesAreAges() {
        // given / when / then
        assertThat(PruneCommand.age("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(PruneCommand.age("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(PruneCommand.age(" 90m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PruneCommand.age("0m")).isZero();
        assertThat(PruneCommand.age("7")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aNegativeOrUnreadableAgeIsAUsageErrorNamingTheOption() {
        // given / when / then
        for (String bad : new String[] {"soon", "-1d", "3 weeks", "12x"}) {
            assertThatThrownBy(() -> PruneCommand.age(bad)).isInstanceOf(UserException.class)
                    .hasMessage("--older-than=" + bad + " is not an age such as 30d, 12h or 90m");
        }
    }
}
