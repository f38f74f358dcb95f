package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;


/** {@link IoMode#PWRITE}: one positional write of the header at offset 0. */
public final class PositionalHeaderWriter implements HeaderWriter {

    private final boolean preserveMtime;

    public PositionalHeaderWriter(boolean preserveMtime) {
        this.preserveMtime = preserveMtime;
    }

    @Override
    public WrittenHeader write(WriteRequest request, WriteDeadline deadline) {
        HeaderFile file = HeaderFile.open(request, preserveMtime, deadline);
        if (!file.readyToWrite()) {
            return file;
        }
        try {
            file.writeHeader();
            file.written();
        } catch (FileAccessException e) {
            file.failed(Status.IO_ERROR, e.getMessage());
        }
        return file;
    }
}
