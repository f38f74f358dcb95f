package io.headpatch.ops.db;

import io.headpatch.ops.CliEnvironment;
import io.headpatch.ops.UserException;

/**
 * Where the database is: an explicit JDBC URL (option or {@code HEADPATCH_DB_URL}), or null for
 * the embedded one; the password is read from an environment variable, never from the command line.
 */
public record ConnectionSettings(String url, String user, String password) {

    public static ConnectionSettings resolve(String urlOption, String userOption, String passwordVariable, CliEnvironment env) {
        String url = urlOption != null ? urlOption : env.variable(CliEnvironment.DB_URL);
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw UserException.usage("--db must be a PostgreSQL JDBC URL such as jdbc:postgresql://db.example:5432/headpatch, not "
                    + withoutQuery(url));
        }
        String user = userOption != null ? userOption : env.variable(CliEnvironment.DB_USER);
        String variable = passwordVariable != null ? passwordVariable : CliEnvironment.DB_PASSWORD;
        String password = env.variable(variable);
        if (passwordVariable != null && password == null) {
            throw UserException.usage("--db-password-env " + passwordVariable + ": that environment variable is not set");
        }
        return new ConnectionSettings(url, user, password);
    }

    public boolean embedded() {
        return url == null;
    }

    /** The URL for messages: without its query string, which may hold credentials. */
    public static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + (url == null ? "embedded" : withoutQuery(url)) + ", user=" + user + "]";
    }
}
