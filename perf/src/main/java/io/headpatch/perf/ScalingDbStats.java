package io.headpatch.perf;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's own counters for one database: pg_stat_database (transactions, tuples) and
 * pg_stat_user_tables (per table), plus pg_stat_wal (server-wide: other databases' writes count
 * too). Taken when no pool is connected, so that every backend has flushed its statistics on exit.
 */
record ScalingDbStats(Map<String, Long> database, Map<String, Map<String, Long>> tables, Map<String, Long> wal,
                      double postgresCpuSeconds, String walLsn) {

    static final String[] DATABASE = {"xact_commit", "xact_rollback", "tup_returned", "tup_fetched", "tup_inserted",
            "tup_updated", "tup_deleted"};
    static final String[] TABLE = {"seq_scan", "idx_scan", "n_tup_ins", "n_tup_upd", "n_tup_hot_upd", "n_tup_del"};
    static final List<String> WAL = List.of("wal_records", "wal_bytes", "wal_write", "wal_sync");

    static ScalingDbStats take(String server, String user, String database) throws SQLException {
        Map<String, Long> db = new LinkedHashMap<>();
        Map<String, Map<String, Long>> tables = new TreeMap<>();
        Map<String, Long> wal = new LinkedHashMap<>();
        String dataDirectory;
        String lsn;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/" + database, user, "")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM pg_stat_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    for (String column : DATABASE) {
                        db.put(column, rs.getLong(column));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM pg_stat_user_tables");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Long> row = new LinkedHashMap<>();
                    for (String column : TABLE) {
                        row.put(column, rs.getLong(column));
                    }
                    tables.put(rs.getString("relname"), row);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('data_directory'), pg_current_wal_lsn()::text");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                dataDirectory = rs.getString(1);
                lsn = rs.getString(2);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM pg_stat_wal");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                // PostgreSQL 18 moved wal_write and wal_sync to pg_stat_io: the columns this server has
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String column = rs.getMetaData().getColumnName(i);
                    if (WAL.contains(column)) {
                        wal.put(column, rs.getLong(i));
                    }
                }
            }
        }
        return new ScalingDbStats(db, tables, wal, postgresCpuSeconds(dataDirectory), lsn);
    }

    /**
     * CPU time of the whole PostgreSQL server (server-wide: other databases' sessions count too): the
     * postmaster's own and its reaped children's (exited backends), plus its live children's. NaN
     * when the server is not on this machine or /proc is not readable.
     */
    static double postgresCpuSeconds(String dataDirectory) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).trim());
            long[] own = stat(Path.of("/proc", Long.toString(postmaster), "stat"));
            long ticks = own[1] + own[2] + own[3] + own[4];
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path proc : procs) {
                    try {
                        long[] child = stat(proc.resolve("stat"));
                        if (child[0] == postmaster) {
                            ticks += child[1] + child[2];
                        }
                    } catch (IOException | RuntimeException e) {
                        // exited meanwhile
                    }
                }
            }
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The server's current WAL position. */
    static String walLsn(String server, String user) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres", user, "");
             ResultSet rs = c.createStatement().executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * WAL written for this database alone since {@code startLsn} (pg_walinspect): records that touch
     * one of its relations, plus the commit records of their transactions. {records, bytes, of which
     * full-page images}; null when the server has already recycled the segments.
     */
    static long[] walOfDatabase(String server, String user, String database, String startLsn) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/" + database, user, "")) {
            c.createStatement().execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH r AS (SELECT * FROM pg_get_wal_records_info(?::pg_lsn, pg_current_wal_lsn())),
                         mine AS (SELECT * FROM r WHERE block_ref LIKE '%/' || (SELECT oid FROM pg_database WHERE datname = current_database()) || '/%'),
                         commits AS (SELECT * FROM r WHERE resource_manager = 'Transaction' AND xid IN (SELECT xid FROM mine WHERE xid <> '0'))
                    SELECT (SELECT COUNT(*) FROM mine) + (SELECT COUNT(*) FROM commits),
                           (SELECT COALESCE(SUM(record_length), 0) FROM mine) + (SELECT COALESCE(SUM(record_length), 0) FROM commits),
                           (SELECT COALESCE(SUM(fpi_length), 0) FROM mine)""")) {
                ps.setString(1, startLsn);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                }
            }
        } catch (SQLException | RuntimeException e) {
            System.err.println("pg_walinspect: " + e.getMessage());
            return null;
        }
    }

    /** CPU seconds so far of the backends now connected to {@code database} (this machine's /proc). */
    static double backendCpuSeconds(String server, String user, String database) {
        double ticks = 0;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres", user, "");
             PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        long[] f = stat(Path.of("/proc", Integer.toString(rs.getInt(1)), "stat"));
                        ticks += f[1] + f[2];
                    } catch (IOException | RuntimeException e) {
                        // exited meanwhile
                    }
                }
            }
        } catch (SQLException e) {
            return Double.NaN;
        }
        return ticks / 100.0;
    }

    /** ppid, utime, stime, cutime, cstime of /proc/PID/stat (fields 4, 14–17; the name may hold spaces). */
    private static long[] stat(Path file) throws IOException {
        String text = Files.readString(file);
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14])};
    }

    ScalingDbStats minus(ScalingDbStats before) {
        Map<String, Long> db = new LinkedHashMap<>();
        database.forEach((k, v) -> db.put(k, v - before.database.getOrDefault(k, 0L)));
        Map<String, Map<String, Long>> t = new TreeMap<>();
        tables.forEach((name, row) -> {
            Map<String, Long> then = before.tables.getOrDefault(name, Map.of());
            Map<String, Long> d = new LinkedHashMap<>();
            row.forEach((k, v) -> d.put(k, v - then.getOrDefault(k, 0L)));
            if (d.values().stream().anyMatch(v -> v != 0)) {
                t.put(name, d);
            }
        });
        Map<String, Long> w = new LinkedHashMap<>();
        wal.forEach((k, v) -> w.put(k, v - before.wal.getOrDefault(k, 0L)));
        return new ScalingDbStats(db, t, w, postgresCpuSeconds - before.postgresCpuSeconds, before.walLsn + ".." + walLsn);
    }

    long db(String column) {
        return database.getOrDefault(column, 0L);
    }

    long table(String table, String column) {
        return tables.getOrDefault(table, Map.of()).getOrDefault(column, 0L);
    }
}
