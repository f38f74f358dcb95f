package io.headpatch.ops.schedule;

import io.headpatch.job.HostIdentity;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * The schedule's row in {@code hp_schedule}, which the console lists: cron, the process running it,
 * last and next fire, last execution. A failed update is logged and never stops the schedule.
 */
public final class ScheduleRecord {

    static final String STARTED = """
            INSERT INTO hp_schedule (schedule_name, cron, host, pid, started_at, stopped_at, next_fire_at)
            VALUES (?, ?, ?, ?, LOCALTIMESTAMP, NULL, ?)
            ON CONFLICT (schedule_name) DO UPDATE SET cron = EXCLUDED.cron, host = EXCLUDED.host, pid = EXCLUDED.pid,
                started_at = EXCLUDED.started_at, stopped_at = NULL, next_fire_at = EXCLUDED.next_fire_at""";
    static final String FIRED = "UPDATE hp_schedule SET last_fire_at = ?, last_execution_id = ? WHERE schedule_name = ?";
    static final String NEXT = "UPDATE hp_schedule SET next_fire_at = ? WHERE schedule_name = ?";
    static final String STOPPED = "UPDATE hp_schedule SET stopped_at = LOCALTIMESTAMP, next_fire_at = NULL WHERE schedule_name = ?";

    private final JdbcTemplate jdbc;
    private final String name;
    private final String cron;
    private final PrintWriter err;

    public ScheduleRecord(DataSource dataSource, String name, String cron, PrintWriter err) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.name = name;
        this.cron = cron;
        this.err = err;
    }

    void started(ZonedDateTime next) {
        update(STARTED, name, cron, HostIdentity.host(), HostIdentity.pid(), time(next));
    }

    void fired(Instant fireTime, long executionId) {
        update(FIRED, Timestamp.from(fireTime), executionId, name);
    }

    void next(ZonedDateTime next) {
        update(NEXT, time(next), name);
    }

    void stopped() {
        update(STOPPED, name);
    }

    private void update(String sql, Object... args) {
        try {
            jdbc.update(sql, args);
        } catch (RuntimeException e) {
            synchronized (err) {
                err.println(String.format(Locale.ROOT, "could not record schedule %s in hp_schedule: %s", name, e.getMessage()));
                err.flush();
            }
        }
    }

    private static Timestamp time(ZonedDateTime time) {
        return time == null ? null : Timestamp.from(time.toInstant());
    }
}
