package io.headpatch.ops.db;

import io.headpatch.ops.support.OpsTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness probe's answer: the test PostgreSQL answers, a port where nothing listens does not. */
class DatabaseProbeIntegrationTests {

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @Test
    void aDatabaseThatAnswersIsUp() {
        // given
        try (DatabaseProbe probe = new DatabaseProbe(database.dataSource())) {
            // when
            boolean up = probe.answers();

            // then
            assertThat(up).isTrue();
        }
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsDownWithinTheProbesTimeout() {
        // given
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:1/nothing");
        try (DatabaseProbe probe = new DatabaseProbe(unreachable)) {
            // when
            long start = System.nanoTime();
            boolean up = probe.answers();

            // then
            assertThat(up).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThanOrEqualTo(Duration.ofSeconds(DatabaseProbe.TIMEOUT_SECONDS + 1));
        }
    }
}
