package io.headpatch.perf.bench;

import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the server processes serving this database's connections (utime + stime from /proc), which works
 * when the server runs on this machine; the pool keeps its connections for the whole run, so nearly all the
 * run's server work is counted (not that of background and parallel workers, which come and go). Null when a
 * process cannot be read (another host).
 */
final class ServerCpu {

    private static final String BACKENDS = """
            SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'""";
    private static final double TICKS_PER_SECOND = 100;

    private ServerCpu() {
    }

    static Double seconds(JdbcTemplate jdbc) {
        Map<Integer, Double> backends = byBackend(jdbc);
        return backends == null ? null : backends.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** CPU seconds of each backend so far, by pid; null when one cannot be read. */
    static Map<Integer, Double> byBackend(JdbcTemplate jdbc) {
        List<Integer> pids = jdbc.queryForList(BACKENDS, Integer.class);
        Map<Integer, Double> seconds = new HashMap<>();
        for (int pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                seconds.put(pid, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND);
            } catch (IOException e) {
                return null;
            }
        }
        return seconds;
    }

    /** The CPU seconds backends used since {@code before} (a backend started since counts whole); null if either is. */
    static Double since(Map<Integer, Double> before, Map<Integer, Double> after) {
        if (before == null || after == null) {
            return null;
        }
        return after.entrySet().stream().mapToDouble(backend -> backend.getValue() - before.getOrDefault(backend.getKey(), 0.0)).sum();
    }
}
