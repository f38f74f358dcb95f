package io.headpatch.perf.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh, empty database for one run: a new database on the machine's PostgreSQL server (dropped on close), or
 * a new embedded server as the {@code ops} module starts one (io.zonky, its own data directory, deleted on close).
 */
abstract class BenchDatabase implements AutoCloseable {

    abstract String jdbcUrl();

    abstract String user();

    /**
     * {@code CREATE DATABASE name} on the server that {@code adminUrl} (its maintenance database) points at; dropped
     * on close unless {@code keep}.
     */
    static BenchDatabase onServer(String adminUrl, String user, String name, boolean keep) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, null);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        String url = adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
        return new BenchDatabase() {
            @Override
            String jdbcUrl() {
                return url;
            }

            @Override
            String user() {
                return user;
            }

            @Override
            public void close() throws SQLException {
                if (keep) {
                    return;
                }
                try (Connection connection = DriverManager.getConnection(adminUrl, user, null);
                     Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            }
        };
    }

    /**
     * A new embedded server in {@code dataDirectory}. zonky turns {@code synchronous_commit} off by default; it is
     * put back on here, as the crash protocol needs the journal's commit durable before any file is written. It
     * loads {@code pg_stat_statements} (zonky's binaries have it) for {@link io.headpatch.perf.db.StatementStats}.
     */
    static BenchDatabase embedded(Path dataDirectory, Path binaries) throws IOException {
        delete(dataDirectory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        return new BenchDatabase() {
            @Override
            String jdbcUrl() {
                return postgres.getJdbcUrl("postgres", "postgres");
            }

            @Override
            String user() {
                return "postgres";
            }

            @Override
            public void close() throws IOException {
                postgres.close();
                delete(dataDirectory);
            }
        };
    }

    private static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
