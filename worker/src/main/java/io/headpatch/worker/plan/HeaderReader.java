package io.headpatch.worker.plan;

import io.headpatch.worker.io.ConfinedFile;
import io.headpatch.worker.io.FileAccessException;
import io.headpatch.worker.io.FileIdentity;
import io.headpatch.worker.io.RootedPath;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the first bytes of a file reached from its root without following a link on any component, opening nothing
 * but a regular file (the type is checked before the open, so a device or FIFO is never opened, and the open does
 * not block, so a FIFO swapped in never hangs a worker). Size and identity come from the open descriptor.
 */
public final class HeaderReader {

    /** The reasons of {@link Outcome#NOT_REGULAR}, also given for entries the scan listed as such. */
    public static final String SYMLINK = FileIdentity.Type.SYMLINK.reason();
    public static final String DIRECTORY = FileIdentity.Type.DIRECTORY.reason();
    public static final String OTHER = FileIdentity.Type.OTHER.reason();

    private HeaderReader() {
    }

    /** As {@link #read(RootedPath, int)}, for a file below the folder that holds it. */
    public static HeaderRead read(Path path, int length) {
        return read(RootedPath.of(path), length);
    }

    /** Reads {@code length} bytes from offset 0; a file shorter than that is {@link Outcome#TOO_SHORT}. */
    public static HeaderRead read(RootedPath file, int length) {
        try (ConfinedFile open = ConfinedFile.openForReading(file)) {
            return read(open, length);
        } catch (FileAccessException e) {
            return HeaderRead.failed(outcome(e), e.getMessage());
        } catch (IOException e) {
            return HeaderRead.failed(Outcome.IO_ERROR, reason(e));
        }
    }

    /** As {@link #read(RootedPath, int)}, through a descriptor already open (and left open). */
    static HeaderRead read(ConfinedFile open, int length) {
        FileIdentity identity = open.identity();
        if (identity.size() < length) {
            return HeaderRead.failed(Outcome.TOO_SHORT, "size=" + identity.size() + " headerLength=" + length);
        }
        byte[] header;
        try {
            header = open.read(length);
        } catch (IOException e) {
            return HeaderRead.failed(Outcome.IO_ERROR, reason(e));
        }
        if (header.length < length) {
            return HeaderRead.failed(Outcome.TOO_SHORT, "size=" + header.length + " headerLength=" + length);
        }
        return HeaderRead.of(header, identity);
    }

    /** The outcome of a file that could not be reached or opened. */
    public static Outcome outcome(FileAccessException e) {
        return switch (e.kind()) {
            case GONE -> Outcome.GONE;
            case NOT_REGULAR -> Outcome.NOT_REGULAR;
            case CHANGED -> Outcome.CHANGED_SINCE_SCAN;
            case IO_ERROR -> Outcome.IO_ERROR;
        };
    }

    /** The OS reason of an I/O failure, without the Java class name. */
    public static String reason(IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        }
        return reason;
    }
}
