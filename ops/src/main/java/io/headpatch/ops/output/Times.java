package io.headpatch.ops.output;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times as printed: with their UTC offset, so output read in another zone (or on another host)
 * is unambiguous. The repository's times are local times of this host's zone (Spring Batch's
 * {@code LocalDateTime.now()}, and the server's LOCALTIMESTAMP in a session of this zone).
 */
public final class Times {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");

    private Times() {
    }

    /** For JSON: ISO-8601 with the offset, e.g. {@code 2026-11-26T17:46:29.206573+01:00}; null stays null. */
    public static OffsetDateTime withOffset(LocalDateTime time) {
        return time == null ? null : time.atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }

    /** For people: {@code 2026-11-26 17:46:29+01:00}, or "-". */
    public static String text(LocalDateTime time) {
        return time == null ? "-" : TEXT.format(withOffset(time));
    }
}
