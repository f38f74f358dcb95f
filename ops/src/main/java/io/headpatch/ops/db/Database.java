package io.headpatch.ops.db;

import com.zaxxer.hikari.HikariDataSource;
import io.headpatch.job.Databases;
import org.flywaydb.core.api.FlywayException;
import org.springframework.dao.DataAccessException;

import javax.sql.DataSource;
import java.nio.file.Path;

/** An open, migrated connection pool, on a given server or on the embedded one (stopped on close). */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final EmbeddedDatabase embedded;
    private final String description;

    private Database(HikariDataSource dataSource, EmbeddedDatabase embedded, String description) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.description = description;
    }

    /**
     * @param home       where the embedded database lives when the settings name no server
     * @param poolSize   connections: one per partition thread, plus the job's own and slack
     * @param migrate    false only for {@code db info}, which reports what is pending
     * @throws DatabaseUnavailableException naming the server and the driver's reason
     */
    public static Database connect(ConnectionSettings settings, Path home, int poolSize, boolean migrate) {
        EmbeddedDatabase embedded = settings.embedded() ? EmbeddedDatabase.start(home) : null;
        String url = embedded != null ? embedded.jdbcUrl() : settings.url();
        String user = embedded != null ? EmbeddedDatabase.USER : settings.user();
        String description = embedded != null ? "the embedded database in " + embedded.dataDirectory()
                : "the database " + ConnectionSettings.withoutQuery(url);
        HikariDataSource dataSource;
        try {
            dataSource = Databases.open(url, user, embedded != null ? embedded.password() : settings.password(), poolSize);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw new DatabaseUnavailableException("cannot connect to " + description + ": " + rootMessage(e), e);
        }
        Database database = new Database(dataSource, embedded, description);
        if (migrate) {
            try {
                Databases.ensureMigrated(dataSource);
            } catch (FlywayException | DataAccessException e) {
                database.close();
                throw new DatabaseUnavailableException(description + " refused the schema migration: " + rootMessage(e), e);
            }
        }
        return database;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(EmbeddedDatabase embedded) {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** The innermost cause's message, on one line: the driver's reason rather than the pool's wrapper. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
