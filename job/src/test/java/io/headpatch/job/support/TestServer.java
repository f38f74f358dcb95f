package io.headpatch.job.support;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server the tests create their databases on. {@code HEADPATCH_TEST_DB_URL}, when set, names one:
 * {@code jdbc:postgresql://HOST:PORT/DATABASE?user=USER[&password=PASSWORD]}, where DATABASE is the one the
 * tests connect to for CREATE and DROP DATABASE (e.g. {@code postgres}) and USER may create databases; the
 * parameters go with every test database's URL. Otherwise one {@link PostgresServer} of the product's binaries,
 * started by the first test that asks and stopped with the JVM, serves every test class of this JVM.
 *
 * @param hostPort   {@code HOST:PORT}
 * @param parameters the URL's query, with its {@code ?}, or empty
 */
public record TestServer(String hostPort, String adminDatabase, String parameters, String user) {

    public static final String URL_VARIABLE = "HEADPATCH_TEST_DB_URL";
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?]+)/([^/?]+)(\\?.*)?");
    private static final Pattern USER = Pattern.compile("[?&]user=([^&]+)");

    /** This JVM's server: the one the environment names, or the embedded one, started now if it is not yet. */
    public static TestServer get() {
        return Shared.SERVER;
    }

    /** The JDBC URL of {@code database} on this server. */
    public String url(String database) {
        return "jdbc:postgresql://" + hostPort + "/" + database + parameters;
    }

    /** The JDBC URL of the database the tests create and drop theirs from. */
    public String adminUrl() {
        return url(adminDatabase);
    }

    static TestServer of(String url) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(URL_VARIABLE + " must look like jdbc:postgresql://HOST:PORT/DATABASE?user=USER, not "
                    + url.replaceAll("\\?.*", "?..."));
        }
        String parameters = matcher.group(3) == null ? "" : matcher.group(3);
        Matcher user = USER.matcher(parameters);
        return new TestServer(matcher.group(1), matcher.group(2), parameters, user.find() ? user.group(1) : "postgres");
    }

    /** Holds the server; the JVM loads this class, so starts the embedded server, when a test first asks. */
    private static final class Shared {
        static final TestServer SERVER = start();

        private static TestServer start() {
            String named = System.getenv(URL_VARIABLE);
            if (named != null && !named.isBlank()) {
                return of(named);
            }
            PostgresServer embedded = PostgresServer.start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-postgres-stop"));
            return new TestServer(embedded.hostPort(), "postgres", "", "postgres");
        }
    }
}
