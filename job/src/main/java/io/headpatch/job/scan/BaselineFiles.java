package io.headpatch.job.scan;

import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The files of an incremental launch's baseline, in memory while the scan walks: which of them a scanned file
 * is, and whether it is unchanged. Held in the order the baseline's rows were read, in segments (the
 * baseline's own rows, then each range it carried), so that the rows the walk found unchanged can be given
 * back as ranges of consecutive rows ({@link #carriedRanges()}).
 *
 * <p>A path is known by two independent 64-bit hashes with a seed of this scan, not by its text: about 60
 * bytes a file instead of the path's length plus a map entry. Two baseline paths with the same first hash
 * are both left unmatched (the walk plans those files, as if new); a walked path is matched only when both
 * hashes and all five fields of the identity are equal, and an identity names one inode at one ctime.
 */
final class BaselineFiles {

    /** The identity's fields, in the order of {@link #identityOf}: device, inode, size, mtime (ms), ctime (ns). */
    static final int IDENTITY_FIELDS = 5;
    private static final long ABSENT = -1;
    private static final long AMBIGUOUS = -2;

    private final long seed = ThreadLocalRandom.current().nextLong();
    private final Long2LongHashMap byPath;
    private final long[] fileIds;
    private final long[] pathChecks;
    private final long[][] identities;
    private final BitSet carried;
    private final List<Segment> segments = new ArrayList<>();
    private int size;
    private long carriedCount;

    /** The rows of one manifest read in file id order: the baseline's own list, or one range it carried. */
    private record Segment(long sourceManifestId, int start) {
    }

    /** A run of consecutive rows of one segment, all unchanged: one {@code hp_carried} row. */
    record CarriedRange(long sourceManifestId, long firstFileId, long lastFileId, long fileCount) {
    }

    /** @param expectedRows the baseline's file count (its own rows and the rows it carried) */
    BaselineFiles(int expectedRows) {
        int capacity = Math.max(16, expectedRows);
        this.byPath = new Long2LongHashMap(capacity * 2, 0.65f, ABSENT);
        this.fileIds = new long[capacity];
        this.pathChecks = new long[capacity];
        this.identities = new long[IDENTITY_FIELDS][capacity];
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
        for (int field = 0; field < IDENTITY_FIELDS; field++) {
            identities[field][row] = identity[field];
        }
        pathChecks[row] = hash(path, ~seed);
        long key = hash(path, seed);
        long previous = byPath.get(key);
        byPath.put(key, previous == ABSENT ? row : AMBIGUOUS);
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
        String path = entry.path();
        long row = byPath.get(hash(path, seed));
        if (row < 0 || pathChecks[(int) row] != hash(path, ~seed) || carried.get((int) row)) {
            return false;
        }
        for (int field = 0; field < IDENTITY_FIELDS; field++) {
            if (identities[field][(int) row] != identity[field]) {
                return false;
            }
        }
        carried.set((int) row);
        carriedCount++;
        return true;
    }

    long carriedCount() {
        return carriedCount;
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

    /** A 64-bit hash of the path's characters; two seeds give two independent hashes. */
    private static long hash(String path, long seed) {
        long h = seed ^ path.length();
        for (int i = 0; i < path.length(); i++) {
            h = (h ^ path.charAt(i)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 32;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
