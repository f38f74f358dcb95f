package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@link IoMode#MMAP}: maps only the page(s) holding the header, page-aligned and never growing the file, and
 * writes through a Chronicle Bytes view of the mapping. The mapping lives until the handle is closed.
 */
public final class MappedHeaderWriter implements HeaderWriter {

    private final boolean preserveMtime;
    /** Runs between map and write; only tests set it, to truncate the file under the mapping. */
    private Consumer<Path> afterMap = path -> { };

    public MappedHeaderWriter(boolean preserveMtime) {
        this.preserveMtime = preserveMtime;
    }

    void afterMap(Consumer<Path> hook) {
        this.afterMap = hook;
    }

    @Override
    public WrittenHeader write(WriteRequest request) {
        HeaderFile file = HeaderFile.open(request, preserveMtime);
        if (!file.readyToWrite()) {
            return file;
        }
        MappedRegion region;
        try {
            region = MappedRegion.map(file.channel(), request.header().length);
        } catch (IOException | RuntimeException e) {
            file.failed(Status.IO_ERROR, "map failed: " + (e instanceof IOException io ? HeaderFile.osReason(io) : e));
            return file;
        }
        file.mapped(region);
        afterMap.accept(request.path());
        try {
            region.write(request.header());
            file.written();
        } catch (InternalError e) {
            // SIGBUS: the file was truncated by someone else while mapped.
            file.failed(Status.IO_ERROR, "fault writing through the mapping (truncated meanwhile?): " + e.getMessage());
        }
        return file;
    }
}
