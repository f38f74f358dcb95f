package io.headpatch.perf.db;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and times, in the client, what a pool's users ask of the database: per statement (its SQL, whitespace
 * flattened) the executions, the rows fetched, affected or copied, and the time of every call on it; the time of
 * every other call under its name ({@code getConnection}, {@code commit} ...); commits, rollbacks and statements run
 * in auto-commit (each its own server transaction); the time of the patch threads (named "patch-") apart from the
 * others'; and the most connections borrowed at once. A JDBC proxy that changes nothing on the way; its times include
 * waiting for a pooled connection and for the server. PostgreSQL's COPY API (the scan's way in) is counted too.
 */
public final class JdbcCounter {

    private static final int KEY_LENGTH = 110;

    /** An immutable copy of the counters, to subtract two moments. */
    public record Snapshot(Map<String, StatementFigures> statements, long commits, long rollbacks,
                           long autoCommitStatements, long patchNanos, long otherNanos) {

        public Snapshot minus(Snapshot before) {
            Map<String, StatementFigures> diff = new TreeMap<>();
            statements.forEach((key, now) -> {
                StatementFigures then = before.statements.get(key);
                StatementFigures d = then == null ? now : now.minus(then);
                if (!d.isZero()) {
                    diff.put(key, d);
                }
            });
            return new Snapshot(diff, commits - before.commits, rollbacks - before.rollbacks,
                    autoCommitStatements - before.autoCommitStatements, patchNanos - before.patchNanos,
                    otherNanos - before.otherNanos);
        }

        /** Statement executions. */
        public long calls() {
            return statements.values().stream().mapToLong(StatementFigures::calls).sum();
        }

        public long rows() {
            return statements.values().stream().mapToLong(StatementFigures::rows).sum();
        }

        public double millis() {
            return statements.values().stream().mapToDouble(StatementFigures::millis).sum();
        }

        /** Server transactions: explicit commits and rollbacks plus auto-commit statements. */
        public long transactions() {
            return commits + rollbacks + autoCommitStatements;
        }
    }

    private static final class Counts {
        final LongAdder calls = new LongAdder();
        final LongAdder rows = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    private final Map<String, Counts> byKey = new ConcurrentHashMap<>();
    private final LongAdder commits = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final LongAdder autoCommitStatements = new LongAdder();
    private final LongAdder patchNanos = new LongAdder();
    private final LongAdder otherNanos = new LongAdder();
    private final AtomicInteger borrowed = new AtomicInteger();
    private final AtomicInteger peakBorrowed = new AtomicInteger();

    public DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (proxy, method, args) -> {
            Object result = timed(dataSource, method, args, method.getName());
            if (result instanceof Connection connection) {
                peakBorrowed.accumulateAndGet(borrowed.incrementAndGet(), Math::max);
                return proxy(Connection.class, connection, new ConnectionCalls(connection));
            }
            return result;
        });
    }

    public Snapshot snapshot() {
        Map<String, StatementFigures> copy = new TreeMap<>();
        byKey.forEach((key, c) -> copy.put(key, new StatementFigures(key, c.calls.sum(), c.rows.sum(), c.nanos.sum() / 1e6)));
        return new Snapshot(copy, commits.sum(), rollbacks.sum(), autoCommitStatements.sum(), patchNanos.sum(),
                otherNanos.sum());
    }

    public int peakBorrowed() {
        return peakBorrowed.get();
    }

    private Counts counts(String key) {
        return byKey.computeIfAbsent(key, k -> new Counts());
    }

    /** Runs the call, adding its time to the calling thread's clock and to {@code key}'s. */
    private Object timed(Object target, Method method, Object[] args, String key) throws Throwable {
        long start = System.nanoTime();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            add(key, System.nanoTime() - start);
        }
    }

    private void add(String key, long nanos) {
        (Thread.currentThread().getName().startsWith("patch-") ? patchNanos : otherNanos).add(nanos);
        counts(key).nanos.add(nanos);
    }

    private static String key(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() > KEY_LENGTH ? flat.substring(0, KEY_LENGTH) + "…" : flat;
    }

    /** A proxy of {@code target}; equals, hashCode and toString are not JDBC calls and are not counted. */
    private static <T> T proxy(Class<T> type, Object target, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(JdbcCounter.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getDeclaringClass() == Object.class ? method.getName() : "") {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> target.toString();
                    default -> handler.invoke(proxy, method, args);
                }));
    }

    private final class ConnectionCalls implements InvocationHandler {
        private final Connection target;
        private boolean autoCommit;
        private boolean closed;

        ConnectionCalls(Connection target) throws SQLException {
            this.target = target;
            this.autoCommit = target.getAutoCommit();
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "commit" -> commits.increment();
                case "rollback" -> {
                    if (args == null) {
                        rollbacks.increment(); // rollback(savepoint) ends no transaction
                    }
                }
                case "setAutoCommit" -> autoCommit = (Boolean) args[0];
                case "close" -> {
                    if (!closed) {
                        closed = true;
                        borrowed.decrementAndGet();
                    }
                }
                case "unwrap" -> {
                    if (args[0] == PGConnection.class) {
                        return copyCounting((PGConnection) timed(target, method, args, name));
                    }
                }
                default -> {
                }
            }
            boolean prepares = args != null && args.length > 0 && args[0] instanceof String && name.startsWith("prepare");
            String key = prepares ? key((String) args[0]) : name;
            Object result = timed(target, method, args, key);
            if (result instanceof Statement statement) {
                return proxy(method.getReturnType().asSubclass(Statement.class), statement,
                        new StatementCalls(statement, prepares ? key : "(statement)", this));
            }
            return result;
        }
    }

    private final class StatementCalls implements InvocationHandler {
        private final Statement target;
        private final String key;
        private final ConnectionCalls connection;

        StatementCalls(Statement target, String key, ConnectionCalls connection) {
            this.target = target;
            this.key = key;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            boolean executes = name.startsWith("execute");
            // a plain Statement's SQL comes with the call: execute(sql), addBatch(sql) ...
            String call = (executes || name.equals("addBatch")) && args != null && args[0] instanceof String sql ? key(sql) : key;
            Object result = timed(target, method, args, call);
            Counts counts = counts(call);
            if (executes) {
                counts.calls.increment();
                if (connection.autoCommit) {
                    autoCommitStatements.increment();
                }
                counts.rows.add(rowsAffected(result));
            }
            return result instanceof ResultSet rs ? rowCounting(rs, counts) : result;
        }
    }

    /** The update counts of an execute call (none for a query, or a batch the driver rewrote into one statement). */
    private static long rowsAffected(Object result) {
        if (result instanceof Number n) {
            return Math.max(0, n.longValue());
        }
        if (result instanceof int[] batch) {
            return Arrays.stream(batch).filter(n -> n > 0).asLongStream().sum();
        }
        if (result instanceof long[] batch) {
            return Arrays.stream(batch).filter(n -> n > 0).sum();
        }
        return 0;
    }

    /** Counts the rows read; its calls are not timed (the driver has fetched the rows by then). */
    private static ResultSet rowCounting(ResultSet target, Counts counts) {
        return proxy(ResultSet.class, target, (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (Boolean.TRUE.equals(result) && method.getName().equals("next")) {
                counts.rows.increment();
            }
            return result;
        });
    }

    /** The COPY API is not JDBC: each copyIn is one execution, the rows its endCopy reports. */
    private PGConnection copyCounting(PGConnection connection) throws SQLException {
        CopyManager copyManager = new CopyManager((BaseConnection) connection) {
            @Override
            public CopyIn copyIn(String sql) throws SQLException {
                String key = key(sql);
                Counts counts = counts(key);
                counts.calls.increment();
                long start = System.nanoTime();
                CopyIn copy;
                try {
                    copy = super.copyIn(sql);
                } finally {
                    add(key, System.nanoTime() - start);
                }
                return proxy(CopyIn.class, copy, (proxy, method, args) -> {
                    Object result = timed(copy, method, args, key);
                    if (result instanceof Long rows && method.getName().equals("endCopy")) {
                        counts.rows.add(rows);
                    }
                    return result;
                });
            }
        };
        return proxy(PGConnection.class, connection, (proxy, method, args) ->
                method.getName().equals("getCopyAPI") ? copyManager : timed(connection, method, args, method.getName()));
    }
}
