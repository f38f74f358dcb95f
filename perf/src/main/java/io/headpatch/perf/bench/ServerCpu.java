package io.headpatch.perf.bench;

import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of the server processes serving this database's connections (utime + stime from /proc), which works
 * when the server runs on this machine; the pool keeps its connections for the whole run, so nearly all the
 * run's server work is counted. Null when a process cannot be read (another host).
 */
final class ServerCpu {

    private static final String BACKENDS = "SELECT pid FROM pg_stat_activity WHERE datname = current_database()";
    private static final long TICKS_PER_SECOND = 100;

    private ServerCpu() {
    }

    static Double seconds(JdbcTemplate jdbc) {
        List<Integer> pids = jdbc.queryForList(BACKENDS, Integer.class);
        long ticks = 0;
        for (int pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException e) {
                return null;
            }
        }
        return (double) ticks / TICKS_PER_SECOND;
    }
}
