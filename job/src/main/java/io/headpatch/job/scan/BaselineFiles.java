package io.headpatch.job.scan;

import org.agrona.collections.Long2LongHashMap;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The files of an incremental launch's baseline, in memory while the scan walks: which of them a scanned file
 * is, and whether it is unchanged. Held in the order the baseline's rows were read, in segments (the
 * baseline's own rows, then each range it carried), so that the rows the walk found unchanged can be given
 * back as ranges of consecutive rows ({@link #carriedRanges()}).
 *
 * <p>A path is known by two 64-bit hashes, not by its text: about 96 bytes a file (map slots 32, file id 8, check
 * and identity 48) whatever the path's length. Two baseline paths with the same map hash are both left unmatched
 * (the walk plans those files, as if new); a walked path is matched only when its check, a universal hash with a
 * secret point of this scan ({@link #polynomial}), and all five fields of the identity are equal, and an identity
 * names one inode at one ctime.
 */
final class BaselineFiles {

    /** The identity's fields, in the order of {@link #identityOf}: device, inode, size, mtime (ms), ctime (ns). */
    static final int IDENTITY_FIELDS = 5;
    private static final int STRIDE = 1 + IDENTITY_FIELDS;
    /** Heap a baseline file takes here: map slots 32 (two per file), file id 8, check and identity 48, and slack. */
    static final long BYTES_PER_FILE = 96;
    private static final long ABSENT = -1;
    private static final long AMBIGUOUS = -2;

    private static final long PRIME = (1L << 61) - 1;

    private final long seed;
    /** The point the check's polynomial is evaluated at: secret, random in [1, 2^61 - 2]. */
    private final long point;
    private final Long2LongHashMap byPath;
    private final long[] fileIds;
    /** Per row, side by side (one or two cache lines for a lookup): the path's second hash, then the identity. */
    private final long[] checkAndIdentity;
    private final BitSet carried;
    private final List<Segment> segments = new ArrayList<>();
    private int size;

    /** The rows of one manifest read in file id order: the baseline's own list, or one range it carried. */
    private record Segment(long sourceManifestId, int start) {
    }

    /** A run of consecutive rows of one segment, all unchanged: one {@code hp_carried} row. */
    record CarriedRange(long sourceManifestId, long firstFileId, long lastFileId, long fileCount) {
    }

    /** @param expectedRows the baseline's file count (its own rows and the rows it carried) */
    BaselineFiles(int expectedRows) {
        SecureRandom random = new SecureRandom();
        this.seed = random.nextLong();
        this.point = 1 + Math.floorMod(random.nextLong(), PRIME - 1);
        int capacity = Math.max(16, expectedRows);
        this.byPath = new Long2LongHashMap(capacity * 2, 0.65f, ABSENT);
        this.fileIds = new long[capacity];
        this.checkAndIdentity = new long[Math.multiplyExact(capacity, STRIDE)];
        this.carried = new BitSet(capacity);
    }

    /** Starts the rows of the baseline's own list or of one range it carried; rows then come in file id order. */
    void startSegment(long sourceManifestId) {
        segments.add(new Segment(sourceManifestId, size));
    }

    /**
     * Adds the next row of the current segment. {@code identity} is null for a row that can never be unchanged
     * (not a regular file, or its outcome was not final): it is kept only so that no range spans it.
     */
    void add(long fileId, String path, long[] identity) {
        if (size == fileIds.length) {
            throw new IllegalStateException("baseline has more rows than its file_count: rows>" + size);
        }
        int row = size++;
        fileIds[row] = fileId;
        if (identity == null) {
            return;
        }
        long key = hash(path);
        checkAndIdentity[row * STRIDE] = polynomial(path);
        System.arraycopy(identity, 0, checkAndIdentity, row * STRIDE + 1, IDENTITY_FIELDS);
        if (byPath.put(key, row) != ABSENT) {
            byPath.put(key, AMBIGUOUS);
        }
    }

    /** The identity the scan recorded of a regular file, or null for any other entry. */
    static long[] identityOf(ScannedEntry entry) {
        if (entry.kind() != FileKind.REGULAR || entry.device() == null || entry.inode() == null || entry.size() == null
                || entry.mtimeMillis() == null || entry.ctimeNanos() == null) {
            return null;
        }
        return new long[] {entry.device(), entry.inode(), entry.size(), entry.mtimeMillis(), entry.ctimeNanos()};
    }

    /**
     * True when the scanned entry is a baseline file with the same path and identity, not matched before: it is
     * then carried, and the walk stores no row for it.
     */
    boolean carry(ScannedEntry entry) {
        long[] identity = identityOf(entry);
        if (identity == null) {
            return false;
        }
        long found = byPath.get(hash(entry.path()));
        if (found < 0) {
            return false;
        }
        int row = (int) found;
        int at = row * STRIDE;
        if (carried.get(row) || checkAndIdentity[at] != polynomial(entry.path())) {
            return false;
        }
        for (int field = 0; field < IDENTITY_FIELDS; field++) {
            if (checkAndIdentity[at + 1 + field] != identity[field]) {
                return false;
            }
        }
        carried.set(row);
        return true;
    }

    long carriedCount() {
        return carried.cardinality();
    }

    /** The carried rows as maximal runs of consecutive rows within a segment. */
    List<CarriedRange> carriedRanges() {
        List<CarriedRange> ranges = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            int end = s + 1 < segments.size() ? segments.get(s + 1).start() : size;
            int row = carried.nextSetBit(segment.start());
            while (row >= 0 && row < end) {
                int clear = carried.nextClearBit(row);
                int last = Math.min(clear, end) - 1;
                ranges.add(new CarriedRange(segment.sourceManifestId(), fileIds[row], fileIds[last], last - row + 1L));
                row = carried.nextSetBit(last + 1);
            }
        }
        return ranges;
    }

    /** The path's 64-bit hash for the map: a fast multiply-xorshift of four characters at a time, not keyed. */
    private long hash(String path) {
        long h = seed ^ path.length();
        int length = path.length();
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            h = mix(h ^ (path.charAt(i) | (long) path.charAt(i + 1) << 16 | (long) path.charAt(i + 2) << 32
                    | (long) path.charAt(i + 3) << 48));
        }
        for (; i < length; i++) {
            h = mix(h ^ path.charAt(i));
        }
        return finish(h);
    }

    /**
     * The check: the path's characters as a polynomial evaluated at this scan's random point modulo the prime
     * 2^61 - 1. Two different paths of up to L characters agree with probability at most L / 2^61 whatever they are,
     * so no one who names files can choose a pair that collides (the map's hash above is fast, not keyed).
     */
    private long polynomial(String path) {
        long h = path.length();
        int length = path.length();
        int i = 0;
        for (; i + 3 <= length; i += 3) {
            h = multiplyModPrime(h, point) + (path.charAt(i) | (long) path.charAt(i + 1) << 16 | (long) path.charAt(i + 2) << 32);
            h = reduce(h);
        }
        for (; i < length; i++) {
            h = reduce(multiplyModPrime(h, point) + path.charAt(i));
        }
        return h;
    }

    private static long multiplyModPrime(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return reduce((low & PRIME) + ((low >>> 61) | (high << 3)));
    }

    /** Of a value below 2^62: the value modulo 2^61 - 1. */
    private static long reduce(long value) {
        long reduced = (value & PRIME) + (value >>> 61);
        return reduced >= PRIME ? reduced - PRIME : reduced;
    }

    private static long mix(long h) {
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** MurmurHash3's 64-bit finalizer. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
