package io.headpatch.worker.io;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.core.OS;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;

/**
 * The shared read-write mapping of the page(s) at the start of a file that hold its header. Mapped with
 * chronicle-core's {@code OS.map}, which maps page-aligned and never resizes the file (unlike Chronicle's
 * {@code MappedBytes}, which grows small files), and unmapped deterministically with {@code OS.unmap}.
 */
final class MappedRegion {

    private final long address;
    private final long length;
    private boolean unmapped;

    private MappedRegion(long address, long length) {
        this.address = address;
        this.length = length;
    }

    /** Maps {@code [0, pageAlign(headerLength))}; past the end of file within the last page is fine. */
    static MappedRegion map(FileChannel channel, int headerLength) throws IOException {
        long length = OS.pageAlign(headerLength);
        return new MappedRegion(OS.map(channel, MapMode.READ_WRITE, 0, length), length);
    }

    /**
     * Writes the header at offset 0 through a Chronicle Bytes view of the mapping.
     *
     * @throws InternalError if the file was truncated under the mapping (SIGBUS)
     */
    void write(byte[] header) {
        // Not released: a PointerBytesStore owns nothing, and releasing hands it to Chronicle's background
        // releaser, whose queue lock a pending fault would leave held (measured: JVM exit then hangs).
        PointerBytesStore view = BytesStore.wrap(address, header.length);
        view.write(0, header, 0, header.length);
        // Immediately: nothing else may run between a faulting write and the fault's delivery.
        UnsafeAccessFault.raisePending();
    }

    void unmap() throws IOException {
        if (!unmapped) {
            unmapped = true;
            OS.unmap(address, length);
        }
    }
}
