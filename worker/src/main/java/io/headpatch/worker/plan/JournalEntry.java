package io.headpatch.worker.plan;

import java.util.Arrays;
import java.util.Objects;

/**
 * The journaled header of one file: its true original and the target written over it. Committed
 * before the file is touched, so a crash mid-write can be told apart from a foreign change.
 */
public record JournalEntry(byte[] before, byte[] after) {

    public JournalEntry {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (before.length != after.length) {
            throw new IllegalArgumentException("before.length=" + before.length + " after.length=" + after.length);
        }
        before = before.clone();
        after = after.clone();
    }

    @Override
    public byte[] before() {
        return before.clone();
    }

    @Override
    public byte[] after() {
        return after.clone();
    }

    /** True when every byte of {@code current} equals its before- or its after-byte. */
    public boolean explains(byte[] current) {
        if (current.length != before.length) {
            return false;
        }
        for (int i = 0; i < current.length; i++) {
            if (current[i] != before[i] && current[i] != after[i]) {
                return false;
            }
        }
        return true;
    }

    boolean isBefore(byte[] current) {
        return Arrays.equals(current, before);
    }

    boolean isAfter(byte[] current) {
        return Arrays.equals(current, after);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalEntry other && Arrays.equals(before, other.before) && Arrays.equals(after, other.after);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(before) + Arrays.hashCode(after);
    }

    @Override
    public String toString() {
        return "JournalEntry[before=" + Hex.of(before) + ", after=" + Hex.of(after) + "]";
    }
}
