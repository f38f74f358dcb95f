package io.headpatch.perf;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, on the client side, what a pool's users send to the database: statements by SQL text
 * (executions, batched rows, rows fetched or affected, time until the driver returned), commits,
 * rollbacks, statements run in auto-commit (each its own server transaction), and the most
 * connections borrowed at once. A JDBC proxy; nothing is changed on the way.
 */
final class ScalingSqlCounter {

    /** What one SQL text cost, cumulatively. */
    static final class Stat {
        final LongAdder calls = new LongAdder();
        final LongAdder batchRows = new LongAdder();
        final LongAdder rows = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    /** An immutable copy of the counters, to subtract two moments. */
    record Snapshot(Map<String, long[]> bySql, long commits, long rollbacks, long autocommitStatements, long borrows) {

        Snapshot minus(Snapshot before) {
            Map<String, long[]> diff = new TreeMap<>();
            bySql.forEach((sql, now) -> {
                long[] then = before.bySql.getOrDefault(sql, new long[4]);
                long[] d = {now[0] - then[0], now[1] - then[1], now[2] - then[2], now[3] - then[3]};
                if (d[0] != 0) {
                    diff.put(sql, d);
                }
            });
            return new Snapshot(diff, commits - before.commits, rollbacks - before.rollbacks,
                    autocommitStatements - before.autocommitStatements, borrows - before.borrows);
        }

        long statements() {
            return bySql.values().stream().mapToLong(v -> v[0]).sum();
        }

        /** Server transactions: explicit commits and rollbacks plus auto-commit statements. */
        long transactions() {
            return commits + rollbacks + autocommitStatements;
        }
    }

    private final Map<String, Stat> bySql = new ConcurrentHashMap<>();
    private final LongAdder commits = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final LongAdder autocommitStatements = new LongAdder();
    private final LongAdder borrows = new LongAdder();
    private final AtomicInteger borrowed = new AtomicInteger();
    private final AtomicInteger peakBorrowed = new AtomicInteger();

    DataSource wrap(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws SQLException {
                return connection(super.getConnection());
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return connection(super.getConnection(username, password));
            }
        };
    }

    Snapshot snapshot() {
        Map<String, long[]> copy = new TreeMap<>();
        bySql.forEach((sql, s) -> copy.put(sql, new long[] {s.calls.sum(), s.batchRows.sum(), s.rows.sum(), s.nanos.sum()}));
        return new Snapshot(copy, commits.sum(), rollbacks.sum(), autocommitStatements.sum(), borrows.sum());
    }

    int peakBorrowed() {
        return peakBorrowed.get();
    }

    static String key(String sql) {
        if (sql == null) {
            return "(statement)";
        }
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() > 110 ? flat.substring(0, 110) + "…" : flat;
    }

    private Stat stat(String sql) {
        return bySql.computeIfAbsent(key(sql), k -> new Stat());
    }

    private Connection connection(Connection target) {
        borrows.increment();
        peakBorrowed.accumulateAndGet(borrowed.incrementAndGet(), Math::max);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(target));
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private final class ConnectionHandler implements InvocationHandler {
        private final Connection target;
        private boolean autoCommit;
        private boolean closed;

        ConnectionHandler(Connection target) {
            this.target = target;
            try {
                this.autoCommit = target.getAutoCommit();
            } catch (SQLException e) {
                this.autoCommit = true;
            }
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "prepareStatement", "prepareCall", "createStatement" -> {
                    Statement statement = (Statement) call(target, method, args);
                    String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                    Class<?> type = method.getReturnType() == CallableStatement.class ? CallableStatement.class
                            : method.getReturnType() == PreparedStatement.class ? PreparedStatement.class : Statement.class;
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                            new StatementHandler(statement, sql, this));
                }
                case "commit" -> commits.increment();
                case "rollback" -> {
                    if (args == null || args.length == 0) {
                        rollbacks.increment();
                    }
                }
                case "setAutoCommit" -> autoCommit = (Boolean) args[0];
                case "close" -> {
                    if (!closed) {
                        closed = true;
                        borrowed.decrementAndGet();
                    }
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                }
            }
            return call(target, method, args);
        }
    }

    private final class StatementHandler implements InvocationHandler {
        private final Statement target;
        private final String sql;
        private final ConnectionHandler connection;
        private String batchSql;
        private int pending;

        StatementHandler(Statement target, String sql, ConnectionHandler connection) {
            this.target = target;
            this.sql = sql;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "addBatch" -> {
                    pending++;
                    if (args != null && args.length == 1 && args[0] instanceof String s) {
                        batchSql = s;
                    }
                    return call(target, method, args);
                }
                case "executeBatch", "executeLargeBatch" -> {
                    Stat stat = stat(sql != null ? sql : batchSql);
                    int rows = pending;
                    pending = 0;
                    long start = System.nanoTime();
                    Object result = call(target, method, args);
                    stat.nanos.add(System.nanoTime() - start);
                    stat.calls.increment();
                    stat.batchRows.add(rows);
                    if (result instanceof int[] counts) {
                        for (int c : counts) {
                            stat.rows.add(Math.max(0, c));
                        }
                    }
                    autocommit();
                    return result;
                }
                case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" -> {
                    Stat stat = stat(args != null && args.length > 0 && args[0] instanceof String s ? s : sql);
                    long start = System.nanoTime();
                    Object result = call(target, method, args);
                    stat.nanos.add(System.nanoTime() - start);
                    stat.calls.increment();
                    autocommit();
                    if (result instanceof Integer n) {
                        stat.rows.add(Math.max(0, n));
                    } else if (result instanceof Long n) {
                        stat.rows.add(Math.max(0, n));
                    } else if (result instanceof ResultSet rs) {
                        return resultSet(rs, stat);
                    }
                    return result;
                }
                case "getResultSet" -> {
                    Object result = call(target, method, args);
                    return result instanceof ResultSet rs ? resultSet(rs, stat(sql)) : result;
                }
                default -> {
                    return call(target, method, args);
                }
            }
        }

        private void autocommit() {
            if (connection.autoCommit) {
                autocommitStatements.increment();
            }
        }

        private ResultSet resultSet(ResultSet rs, Stat stat) {
            return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                    (p, m, a) -> {
                        Object r = call(rs, m, a);
                        if (m.getName().equals("next") && Boolean.TRUE.equals(r)) {
                            stat.rows.increment();
                        }
                        return r;
                    });
        }
    }
}
