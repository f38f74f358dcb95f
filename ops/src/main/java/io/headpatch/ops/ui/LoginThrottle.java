package io.headpatch.ops.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins counted per client address and per user name. After {@link #FREE_FAILURES} failures the next attempt
 * waits 1 s, then 2 s, 4 s … up to {@link #MAX_DELAY}; a success, or {@link #FORGET_AFTER} without a failure, forgets
 * them. Nothing is ever locked for good: once the delay has passed, the right password logs in.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 10;
    static final Duration MAX_DELAY = Duration.ofSeconds(60);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    /** Beyond this many counted keys (names are the client's choice), forgotten ones are dropped at once. */
    private static final int PRUNE_ABOVE = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Zero when an attempt of this address and user may be checked now; else how long it must wait. */
    Duration wait(String address, String user) {
        Instant now = clock.instant();
        Duration byAddress = wait(addressKey(address), now);
        Duration byUser = wait(userKey(user), now);
        return byAddress.compareTo(byUser) >= 0 ? byAddress : byUser;
    }

    /** The failures counted for this address or user, the larger of the two. */
    int failures(String address, String user) {
        Instant now = clock.instant();
        return Math.max(current(addressKey(address), now).count(), current(userKey(user), now).count());
    }

    void failed(String address, String user) {
        Instant now = clock.instant();
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(f -> forgotten(f, now));
        }
        for (String key : new String[] {addressKey(address), userKey(user)}) {
            failures.compute(key, (k, f) -> new Failures(f == null || forgotten(f, now) ? 1 : f.count() + 1, now));
        }
    }

    void succeeded(String address, String user) {
        failures.remove(addressKey(address));
        failures.remove(userKey(user));
    }

    /** The wait after {@code count} failures: none up to the free ones, then doubling from 1 s to the cap. */
    static Duration delay(int count) {
        if (count < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(count - FREE_FAILURES, 6);
        Duration delay = Duration.ofSeconds(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private Duration wait(String key, Instant now) {
        Failures f = current(key, now);
        Duration left = Duration.between(now, f.last().plus(delay(f.count())));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private Failures current(String key, Instant now) {
        Failures f = failures.get(key);
        return f == null || forgotten(f, now) ? new Failures(0, now) : f;
    }

    private static boolean forgotten(Failures f, Instant now) {
        return f.last().plus(FORGET_AFTER).isBefore(now);
    }

    private static String addressKey(String address) {
        return "address " + address;
    }

    private static String userKey(String user) {
        return "user " + (user == null ? "" : user);
    }
}
