package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@link IoMode#MMAP}: maps only the page(s) holding the header, page-aligned and never growing the file, into the
 * next slot of this writer's {@link MappingSlots}, and writes through a Chronicle Bytes view of the mapping. The
 * slots are released with one {@code munmap} when full and at {@link #endBatch()}, not per file.
 *
 * <p>Its methods are synchronized so that a {@link #close()} from another thread can never unmap a slot while a
 * write goes through it.
 */
public final class MappedHeaderWriter implements HeaderWriter {

    private final boolean preserveMtime;
    private final MappingSlots slots;
    /** Runs between map and write; only tests set it, to truncate the file under the mapping. */
    private Consumer<Path> afterMap = path -> { };

    public MappedHeaderWriter(boolean preserveMtime) {
        this(preserveMtime, MappingSlots.DEFAULT_CAPACITY_PAGES);
    }

    MappedHeaderWriter(boolean preserveMtime, int slotPages) {
        this.preserveMtime = preserveMtime;
        this.slots = new MappingSlots(slotPages);
    }

    void afterMap(Consumer<Path> hook) {
        this.afterMap = hook;
    }

    @Override
    public synchronized WrittenHeader write(WriteRequest request, WriteDeadline deadline) {
        HeaderFile file = HeaderFile.open(request, preserveMtime, deadline);
        if (!file.readyToWrite()) {
            return file;
        }
        long address;
        try {
            // The seam with HeaderFile: one open descriptor, mapped here.
            address = slots.map(file.fd(), request.header().length);
        } catch (IOException | RuntimeException e) {
            file.failed(Status.IO_ERROR, "map failed: " + (e instanceof IOException io ? HeaderFile.osReason(io) : e));
            return file;
        }
        afterMap.accept(request.path());
        try {
            writeThrough(address, request.header());
            file.written();
        } catch (InternalError e) {
            // SIGBUS: the file was truncated by someone else while mapped.
            file.failed(Status.IO_ERROR, "fault writing through the mapping (truncated meanwhile?): " + e.getMessage());
        }
        return file;
    }

    /**
     * Unmaps the batch's slots with one {@code munmap}. Before the sync on purpose: the pages stay dirty in the page
     * cache, and writing back pages no longer mapped needs no write-protection (and no TLB shootdown) per page.
     */
    @Override
    public synchronized void endBatch() {
        try {
            slots.release();
        } catch (IOException e) {
            // Not one file's failure: the batch fails unsynced, and a re-run finds its headers ALREADY_DONE.
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Releases the slots; safe to call twice. */
    @Override
    public synchronized void close() {
        try {
            slots.close();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Writes the header at offset 0 through a Chronicle Bytes view of the mapping.
     *
     * @throws InternalError if the file was truncated under the mapping (SIGBUS)
     */
    private static void writeThrough(long address, byte[] header) {
        // Not released: a PointerBytesStore owns nothing, and releasing hands it to Chronicle's background
        // releaser, whose queue lock a pending fault would leave held (measured: JVM exit then hangs).
        PointerBytesStore view = BytesStore.wrap(address, header.length);
        view.write(0, header, 0, header.length);
        // Immediately: nothing else may run between a faulting write and the fault's delivery.
        UnsafeAccessFault.raisePending();
    }
}
