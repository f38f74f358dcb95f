package io.headpatch.ops.schedule;

import io.headpatch.ops.UserException;
import org.springframework.scheduling.support.CronExpression;

import java.time.ZonedDateTime;

/**
 * A cron expression: the usual five fields (minute hour day month weekday), or Spring's six with
 * seconds first, or a macro such as {@code @daily}.
 */
public final class CronSchedule {

    private final String text;
    private final CronExpression expression;

    private CronSchedule(String text, CronExpression expression) {
        this.text = text;
        this.expression = expression;
    }

    /** @throws UserException (usage) naming the expression and what is wrong with it */
    public static CronSchedule parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        String spring = trimmed.split("\\s+").length == 5 ? "0 " + trimmed : trimmed;
        try {
            return new CronSchedule(trimmed, CronExpression.parse(spring));
        } catch (IllegalArgumentException e) {
            throw UserException.usage("bad cron expression '" + text + "': " + e.getMessage()
                    + " (five fields: minute hour day-of-month month day-of-week, e.g. '0 2 * * *')");
        }
    }

    /** The first fire strictly after {@code time}, or null when there is none. */
    public ZonedDateTime next(ZonedDateTime time) {
        return expression.next(time);
    }

    @Override
    public String toString() {
        return text;
    }
}
