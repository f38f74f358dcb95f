package io.headpatch.job.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PeriodicTaskTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(PeriodicTask.class);
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    };
    private Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }

    @Test
    void aStreakOfFailedRoundsIsOneWarningAndItsEndIsSaid() {
        // given: a task whose rounds 1-3 and 5 fail (the database away twice), and every other round works
        AtomicInteger rounds = new AtomicInteger();
        Runnable beat = () -> {
            int round = rounds.incrementAndGet();
            if (round <= 3 || round == 5) {
                throw new IllegalStateException("connection refused (round " + round + ")");
            }
        };

        // when
        try (PeriodicTask ignored = PeriodicTask.now("heartbeat-7", Duration.ofMillis(10), beat)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> rounds.get() >= 8 && infos().size() == 2);
        }

        // then: one warning per streak, naming its first failure; the others are debug lines; each end is said once
        assertThat(messages(Level.WARN)).containsExactly(
                "heartbeat-7 failed: connection refused (round 1); trying again every 0.01 s",
                "heartbeat-7 failed: connection refused (round 5); trying again every 0.01 s");
        assertThat(infos()).containsExactly(
                "heartbeat-7 works again after 3 failed rounds",
                "heartbeat-7 works again after 1 failed round");
        assertThat(messages(Level.DEBUG)).containsExactly(
                "heartbeat-7 failed again (2 in a row): connection refused (round 2)",
                "heartbeat-7 failed again (3 in a row): connection refused (round 3)");
    }

    private List<String> infos() {
        return messages(Level.INFO);
    }

    private List<String> messages(Level at) {
        return events.stream().filter(e -> e.getLevel() == at).map(ILoggingEvent::getFormattedMessage).toList();
    }

}
