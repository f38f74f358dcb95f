package io.headpatch.perf.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sums the time threads spend inside JDBC: a DataSource whose connections, statements and COPYs
 * add the time of every call to a clock, one for the patch threads (named "patch-") and one for the others (the
 * scan and the job's own bookkeeping), and per statement: the SQL of a prepared statement, or the name of the
 * call (commit, getConnection ...). It includes waiting for a pooled connection and for the server's CPU.
 */
final class JdbcTimer {

    private final LongAdder patchNanos = new LongAdder();
    private final LongAdder otherNanos = new LongAdder();
    private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();

    DataSource wrap(DataSource dataSource) {
        return timed(DataSource.class, dataSource, null);
    }

    long patchNanos() {
        return patchNanos.sum();
    }

    long otherNanos() {
        return otherNanos.sum();
    }

    /** Seconds per statement, the SQL shortened to its first line. */
    Map<String, Double> secondsBySql() {
        Map<String, Double> seconds = new TreeMap<>();
        bySql.forEach((sql, nanos) -> seconds.put(sql, nanos.sum() / 1e9));
        return seconds;
    }

    /** A proxy of {@code type} that times every call and wraps JDBC objects it hands out the same way. */
    private <T> T timed(Class<T> type, T target, String sql) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap") && args[0] == PGConnection.class) {
                PGConnection connection = (PGConnection) invoke(target, method, args, "unwrap");
                return timedPg(connection);
            }
            boolean prepares = method.getName().startsWith("prepare") && args != null && args[0] instanceof String;
            String statement = prepares ? firstLine((String) args[0]) : sql;
            Object result = invoke(target, method, args, statement != null ? statement : method.getName());
            Class<?> returned = method.getReturnType();
            // Result sets are not wrapped: the driver has fetched their rows by then, and timing every getter
            // would cost more than it tells.
            if (result != null && returned.isInterface() && returned.getName().startsWith("java.sql.")
                    && returned != ResultSet.class) {
                return timed(cast(returned), result, statement);
            }
            return result;
        };
        return type.cast(Proxy.newProxyInstance(JdbcTimer.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** PostgreSQL's COPY API (the scan's way in) is not JDBC: its CopyIn is timed here. */
    private PGConnection timedPg(PGConnection connection) throws SQLException {
        CopyManager timedCopy = new CopyManager((BaseConnection) connection) {
            @Override
            public CopyIn copyIn(String sql) throws SQLException {
                CopyIn copy = time(() -> super.copyIn(sql), firstLine(sql));
                return (CopyIn) Proxy.newProxyInstance(JdbcTimer.class.getClassLoader(), new Class<?>[] {CopyIn.class},
                        (proxy, method, args) -> invoke(copy, method, args, firstLine(sql)));
            }
        };
        return (PGConnection) Proxy.newProxyInstance(JdbcTimer.class.getClassLoader(), new Class<?>[] {PGConnection.class},
                (proxy, method, args) -> method.getName().equals("getCopyAPI") ? timedCopy
                        : invoke(connection, method, args, method.getName()));
    }

    private Object invoke(Object target, java.lang.reflect.Method method, Object[] args, String key) throws Throwable {
        long start = System.nanoTime();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            add(key, System.nanoTime() - start);
        }
    }

    private <T> T time(SqlCall<T> call, String key) throws SQLException {
        long start = System.nanoTime();
        try {
            return call.run();
        } finally {
            add(key, System.nanoTime() - start);
        }
    }

    private void add(String key, long nanos) {
        (Thread.currentThread().getName().startsWith("patch-") ? patchNanos : otherNanos).add(nanos);
        bySql.computeIfAbsent(key, k -> new LongAdder()).add(nanos);
    }

    private static String firstLine(String sql) {
        String line = sql.strip();
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end);
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> cast(Class<?> type) {
        return (Class<T>) type;
    }

    private interface SqlCall<T> {
        T run() throws SQLException;
    }
}
