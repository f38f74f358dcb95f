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

    /** Serves the console on {@code bind:port} (port 0: any free one) over an open, migrated database. */
    public static ConsoleServer start(String bind, int port, ConsoleCredentials credentials, Database database, boolean embedded) {
        return start(bind, port, credentials, new ConsoleDatabase(database.dataSource(), database.description(), embedded),
                new ConsoleJobs(database.dataSource()));
    }

    /** As above with the given job calls (tests inject failures through them); closing the server closes them. */
    static ConsoleServer start(String bind, int port, ConsoleCredentials credentials, ConsoleDatabase database, ConsoleJobs jobs) {
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
                .properties(Map.of(
                        "server.address", bind,
                        "server.port", Integer.toString(port),
                        "server.forward-headers-strategy", "native",
                        "server.servlet.session.timeout", "8h",
                        "server.servlet.session.cookie.same-site", "strict",
                        "server.error.whitelabel.enabled", "false",
                        "spring.thymeleaf.cache", "true",
                        "spring.main.allow-bean-definition-overriding", "false"))
                .initializers(context -> {
                    var beans = context.getBeanFactory();
                    beans.registerSingleton("consoleCredentials", credentials);
                    beans.registerSingleton("consoleDatabase", database);
                    beans.registerSingleton("consoleQueries", new ConsoleQueries(dataSource));
                    beans.registerSingleton("reportSource", new ReportSource(dataSource));
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
            if (causedBy(e, PortInUseException.class)) {
                throw UserException.usage("--bind " + bind + " --port " + port + ": the port is in use; choose another with --port");
            }
            throw UserException.usage("the console cannot be served on " + bind + ":" + port + ": " + rootMessage(e));
        }
        int actualPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return new ConsoleServer(context, jobs, actions, "http://" + host + ":" + actualPort);
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
