package io.headpatch.worker.io;

import net.openhft.chronicle.core.OS;
import net.openhft.posix.PosixAPI;

import java.io.IOException;

/**
 * A reserved {@code PROT_NONE} region of address space whose slots receive, one after another, the header
 * page(s) of files ({@code MAP_FIXED | MAP_SHARED}, page-aligned, from offset 0: a mapping never grows a file), and
 * that is released with ONE {@code munmap} for all of them. Unmapping costs a TLB-shootdown interrupt to every other
 * core running this process, whatever its size (docs/design.md, known pitfalls: 156–162 µs of CPU per file when
 * each file is unmapped on its own, 31–33 µs with 512 files per {@code munmap}, two threads, virtualised).
 *
 * <p>Pages written through a slot stay dirty in the page cache once unmapped, so a later {@code fdatasync} or
 * {@code syncfs} makes them durable as before. At most {@code capacityPages} file mappings exist at once per
 * instance (a full region is released before the next file), which bounds the process's mapping count.
 *
 * <p>Not thread-safe: one owner thread at a time (the owner must also not release while it writes through a slot).
 * {@code MAP_FIXED} is only ever used inside this instance's own live reservation.
 */
final class MappingSlots implements AutoCloseable {

    /** 512 pages (2 MiB with 4 KiB pages): the batch size from which a larger one no longer saves CPU. */
    static final int DEFAULT_CAPACITY_PAGES = 512;

    // Linux's values, the same on x86-64 and arm64; the posix library's enums lack FIXED and ANONYMOUS.
    private static final int PROT_NONE = 0;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_SHARED = 0x01;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_FIXED = 0x10;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;

    private static final PosixAPI POSIX = PosixAPI.posix();

    private final long capacityBytes;
    /** Start of the live reservation, or 0 when there is none (before the first map, after a release). */
    private long base;
    private long reservedBytes;
    private long usedBytes;
    private boolean closed;

    MappingSlots(int capacityPages) {
        if (capacityPages < 1) {
            throw new IllegalArgumentException("capacityPages=" + capacityPages + " must be >= 1");
        }
        this.capacityBytes = (long) capacityPages * OS.pageSize();
    }

    /**
     * Maps {@code [0, pageAlign(headerLength))} of the open file {@code fd} read-write and shared into the next slot;
     * past the end of file within the last page is fine. Releases the region first when the slot does not fit.
     *
     * @return the slot's address, valid until the next {@link #release()} or {@link #close()}
     */
    long map(int fd, int headerLength) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed: mapping slots");
        }
        long length = OS.pageAlign(headerLength);
        if (base != 0 && usedBytes + length > reservedBytes) {
            release();
        }
        if (base == 0) {
            reserve(Math.max(capacityBytes, length));
        }
        long slot = base + usedBytes;
        long mapped = mmap(slot, length, PROT_READ_WRITE, MAP_SHARED | MAP_FIXED, fd);
        if (mapped != slot) {
            // Cannot happen with MAP_FIXED; if it did, the mapping is not ours to keep or to write.
            POSIX.munmap(mapped, length);
            throw new IOException("mmap returned address=" + mapped + " for slot=" + slot);
        }
        usedBytes += length;
        return slot;
    }

    /** Whether any file is mapped now. */
    boolean inUse() {
        return usedBytes > 0;
    }

    /** Unmaps every slot (and the rest of the reservation) with one {@code munmap}; a no-op when none is in use. */
    void release() throws IOException {
        if (base == 0) {
            return;
        }
        long start = base;
        long length = reservedBytes;
        base = 0;
        reservedBytes = 0;
        usedBytes = 0;
        if (POSIX.munmap(start, length) != 0) {
            throw new IOException("munmap failed: " + POSIX.lastErrorStr() + " address=" + start + " length=" + length);
        }
    }

    /** Releases the region; safe to call twice. */
    @Override
    public void close() throws IOException {
        closed = true;
        release();
    }

    private void reserve(long length) throws IOException {
        base = mmap(0, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1);
        reservedBytes = length;
        usedBytes = 0;
    }

    private static long mmap(long address, long length, int prot, int flags, int fd) throws IOException {
        long mapped;
        try {
            mapped = POSIX.mmap(address, length, prot, flags, fd, 0);
        } catch (RuntimeException e) {
            // The posix library reports MAP_FAILED as an exception carrying the errno's name, when it knows the errno.
            throw new IOException("mmap failed: " + e.getMessage() + " length=" + length, e);
        }
        if (mapped == -1 || mapped == 0) {
            throw new IOException("mmap failed: " + POSIX.lastErrorStr() + " length=" + length);
        }
        return mapped;
    }
}
