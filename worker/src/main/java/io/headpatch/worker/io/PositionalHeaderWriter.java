package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;

import java.io.IOException;
import java.nio.ByteBuffer;

/** {@link IoMode#PWRITE}: one positional write of the header at offset 0. */
public final class PositionalHeaderWriter implements HeaderWriter {

    private final boolean preserveMtime;

    public PositionalHeaderWriter(boolean preserveMtime) {
        this.preserveMtime = preserveMtime;
    }

    @Override
    public WrittenHeader write(WriteRequest request) {
        HeaderFile file = HeaderFile.open(request, preserveMtime);
        if (!file.readyToWrite()) {
            return file;
        }
        ByteBuffer header = ByteBuffer.wrap(request.header());
        try {
            while (header.hasRemaining()) {
                file.channel().write(header, header.position());
            }
            file.written();
        } catch (IOException e) {
            file.failed(Status.IO_ERROR, "pwrite failed: " + HeaderFile.osReason(e));
        }
        return file;
    }
}
