package io.headpatch.job.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The entries walked before the baseline is read, in walk order, up to a bound past which the walk must wait. */
final class WaitingEntries {

    private final int capacity;
    private final List<ScannedEntry> entries = new ArrayList<>();

    WaitingEntries(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps {@code entry} to compare later; false when full. */
    boolean offer(ScannedEntry entry) {
        if (entries.size() >= capacity) {
            return false;
        }
        entries.add(entry);
        return true;
    }

    /** Hands every waiting entry to {@code next}, in walk order, and forgets them. */
    void drainTo(Consumer<ScannedEntry> next) {
        entries.forEach(next);
        entries.clear();
    }
}
