package io.headpatch.ops.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a database answers, for readiness probes: a {@code SELECT 1} given {@value #TIMEOUT_SECONDS} seconds.
 * The pool may wait longer for a connection, so the query runs on its own thread and a probe arriving while one
 * is still waiting shares its answer: a supervisor polling every few seconds never piles up connections.
 */
public final class DatabaseProbe implements AutoCloseable {

    static final int TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "headpatch-readiness");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Boolean> pending;

    public DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean answers() {
        Future<Boolean> answer;
        synchronized (this) {
            if (pending == null || pending.isDone()) {
                pending = executor.submit(this::selectOne);
            }
            answer = pending;
        }
        try {
            return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean selectOne() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            return statement.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
