package io.headpatch.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** What reaches the terminal: the product's warnings, not the libraries' own lines about a failure the run reports. */
class LoggingConsoleTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    /** The product's own configuration: the tests' classpath has the job tests' logback-test.xml first. */
    @BeforeEach
    void productConfiguration() throws JoranException {
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Logging.class.getResource("/logback.xml"));
    }

    @AfterEach
    void testConfiguration() throws JoranException {
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "org.springframework.jdbc.support.JdbcTransactionManager, ERROR, DENY",
            "org.springframework.jdbc.datasource.DataSourceTransactionManager, ERROR, DENY",
            "org.springframework.transaction.support.TransactionTemplate, ERROR, DENY",
            "org.springframework.batch.core.step.AbstractStep, ERROR, DENY",
            "com.zaxxer.hikari.pool.HikariPool, WARN, DENY",
            "org.flywaydb.core.internal.command.DbMigrate, ERROR, DENY",
            "io.headpatch.job.Databases, INFO, DENY",
            "io.headpatch.job.support.PeriodicTask, WARN, NEUTRAL",
            "io.headpatch.job.support.PeriodicTask, INFO, DENY"})
    void theConsoleShowsTheProductsWarningsOnly(String loggerName, String level, FilterReply reply) {
        // given
        assertThat(Logging.configure(false, false, null)).isTrue();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);

        // when
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger(loggerName), Level.toLevel(level), "message", null, null);

        // then
        assertThat(root.getAppender("ERR").getFilterChainDecision(event)).isEqualTo(reply);
    }
}
