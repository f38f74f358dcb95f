package io.headpatch.ops.ui;

import io.headpatch.ops.UserException;
import io.headpatch.ops.db.Database;
import io.headpatch.ops.report.ReportSource;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The console's web server: Spring MVC on embedded Tomcat, the pages of this package, form login.
 * Everything it reads or runs comes from the database and job service handed in.
 */
public final class ConsoleServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final ConsoleJobs jobs;
    private final ActionRunner actions;
    private final String url;
    private boolean closed;

    private ConsoleServer(ConfigurableApplicationContext context, ConsoleJobs jobs, ActionRunner actions, String url) {
        this.context = context;
        this.jobs = jobs;
        this.actions = actions;
        this.url = url;
    }

    /**
     * Serves the console at a checked endpoint ({@link ConsoleEndpoint#check()}; port 0: any free one) over an open,
     * migrated database, launching and acting only within its scope.
     */
    public static ConsoleServer start(ConsoleEndpoint endpoint, ConsoleCredentials credentials, ConsoleScope scope,
                                      Database database, boolean embedded) {
        return start(endpoint, credentials, scope, new ConsoleDatabase(database.dataSource(), database.description(), embedded),
                new ConsoleJobs(database.dataSource()));
    }

    /** As above with the given job calls (tests inject failures through them); closing the server closes them. */
    static ConsoleServer start(ConsoleEndpoint endpoint, ConsoleCredentials credentials, ConsoleScope scope,
                               ConsoleDatabase database, ConsoleJobs jobs) {
        // The command line's logback.xml stays in charge: Boot must not reconfigure logging, and
        // Tomcat's java.util.logging goes through it (warnings only unless --verbose).
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        DataSource dataSource = database.dataSource();
        ActionRunner actions = new ActionRunner(jobs, new ReportSource(dataSource));
        SpringApplication application = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(org.springframework.boot.Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(endpoint.properties())
                .properties(Map.of(
                        "server.forward-headers-strategy", "native",
                        "server.servlet.session.timeout", "8h",
                        "server.servlet.session.cookie.same-site", "strict",
                        "server.error.whitelabel.enabled", "false",
                        "spring.thymeleaf.cache", "true",
                        "spring.main.allow-bean-definition-overriding", "false"))
                .initializers(context -> {
                    var beans = context.getBeanFactory();
                    beans.registerSingleton("consoleCredentials", credentials);
                    beans.registerSingleton("consoleScope", scope);
                    beans.registerSingleton("consoleDatabase", database);
                    beans.registerSingleton("consoleQueries", new ConsoleQueries(dataSource));
                    beans.registerSingleton("reportSource", new ReportSource(dataSource));
                    beans.registerSingleton("executionSnapshots", new ExecutionSnapshots(dataSource));
                    beans.registerSingleton("consoleJobs", jobs);
                    beans.registerSingleton("actionRunner", actions);
                })
                .build();
        ConfigurableApplicationContext context;
        try {
            context = application.run();
        } catch (RuntimeException e) {
            actions.close();
            jobs.close();
            String at = "--bind " + endpoint.bind() + " --port " + endpoint.port();
            if (causedBy(e, PortInUseException.class)) {
                throw UserException.usage(at + ": the port is in use; choose another with --port");
            }
            throw UserException.usage(at + ": the console cannot be served: " + rootMessage(e));
        }
        int actualPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new ConsoleServer(context, jobs, actions, endpoint.url(actualPort));
    }

    public String url() {
        return url;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            context.close();
        } finally {
            try {
                actions.close();
            } finally {
                jobs.close();
            }
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }

    /** The console's Spring Boot application: web MVC, Thymeleaf and security auto-configuration, this package's beans. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ComponentScan(basePackageClasses = ConsoleServer.class)
    static class Application {
    }
}
