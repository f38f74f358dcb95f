package io.headpatch.ops.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Names a long-running process that holds the embedded database (the console), so that a command
 * refused the database can say which process holds it. Written as "pid description" beside the lock;
 * a note whose process is gone is ignored.
 */
public final class EmbeddedOwner implements AutoCloseable {

    private static final String FILE = "embedded.owner";

    private final Path file;
    private boolean closed;

    private EmbeddedOwner(Path file) {
        this.file = file;
    }

    /** Records this process as the holder, with what to tell others; close to remove the note. */
    public static EmbeddedOwner claim(Path home, String description) {
        Path file = home.resolve(FILE);
        Path temporary = home.resolve(FILE + ".tmp");
        try {
            Files.writeString(temporary, ProcessHandle.current().pid() + " " + description, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new EmbeddedOwner(file);
    }

    /** The live holder's description, if a process left a note and still runs. */
    static Optional<String> describe(Path home) {
        try {
            String note = Files.readString(home.resolve(FILE), StandardCharsets.UTF_8).strip();
            int space = note.indexOf(' ');
            long pid = Long.parseLong(note.substring(0, space));
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> note.substring(space + 1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A note left behind names a process that is gone, which describe() ignores.
        }
    }
}
