package io.headpatch.perf.bench;

import jnr.ffi.LibraryLoader;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.OS;
import net.openhft.posix.PosixAPI;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mapped floors' files, by system calls straight (chronicle's posix library and jnr-ffi, as close to C as a JVM
 * gets): no checks, no reading, one page mapped per file. One instance per writer thread.
 */
final class MappedFloorFile implements FloorMain.FloorFile {

    /** Files per region in {@link FloorIo#MMAP_BATCHED_UNMAP}, as headpatch's default. */
    static final int SLOTS = 512;

    private static final int O_RDWR = 2;
    private static final int PROT_NONE = 0;
    private static final int PROT_READ_WRITE = 3;
    private static final int MAP_SHARED = 0x01;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_FIXED = 0x10;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final PosixAPI POSIX = PosixAPI.posix();
    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final long PAGE = OS.pageSize();

    /** What the posix library lacks. */
    public interface LibC {
        int fdatasync(int fd);
    }

    private final int fd;

    private MappedFloorFile(int fd) {
        this.fd = fd;
    }

    /** Opens, maps and writes each file of the batch; the batch's mappings are gone when this returns. */
    static List<FloorMain.FloorFile> write(List<Path> batch, byte[] header, boolean batchedUnmap) throws IOException {
        List<FloorMain.FloorFile> files = new ArrayList<>(batch.size());
        long region = 0;
        int used = 0;
        for (Path path : batch) {
            int fd = POSIX.open(path.toString(), O_RDWR, 0);
            if (fd < 0) {
                throw new IOException("open failed: " + POSIX.lastErrorStr() + " path=" + path);
            }
            files.add(new MappedFloorFile(fd));
            long address;
            if (batchedUnmap) {
                if (region == 0 || used == SLOTS) {
                    unmap(region, SLOTS * PAGE);
                    region = POSIX.mmap(0, SLOTS * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
                    used = 0;
                }
                address = POSIX.mmap(region + used++ * PAGE, PAGE, PROT_READ_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
            } else {
                address = POSIX.mmap(0, PAGE, PROT_READ_WRITE, MAP_SHARED, fd, 0);
            }
            BytesStore.wrap(address, header.length).write(0, header, 0, header.length);
            if (!batchedUnmap) {
                unmap(address, PAGE);
            }
        }
        unmap(region, SLOTS * PAGE);
        return files;
    }

    private static void unmap(long address, long length) throws IOException {
        if (address != 0 && POSIX.munmap(address, length) != 0) {
            throw new IOException("munmap failed: " + POSIX.lastErrorStr());
        }
    }

    @Override
    public void sync() throws IOException {
        if (LIBC.fdatasync(fd) != 0) {
            throw new IOException("fdatasync failed: " + POSIX.lastErrorStr());
        }
    }

    @Override
    public void close() throws IOException {
        if (POSIX.close(fd) != 0) {
            throw new IOException("close failed: " + POSIX.lastErrorStr());
        }
    }
}
