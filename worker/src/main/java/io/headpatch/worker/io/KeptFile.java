package io.headpatch.worker.io;

/**
 * A descriptor kept open from a file's plan to its write, with exactly one owner at a time: the plan (and every copy
 * of it, which share this holder) until the write {@link #take() takes} it, then the writer, which always closes it.
 * Closing the holder closes the descriptor only if nobody took it: a plan not written after all.
 */
public final class KeptFile implements AutoCloseable {

    private ConfinedFile file;

    private KeptFile(ConfinedFile file) {
        this.file = file;
    }

    /** Holds {@code file}, open for its write; the caller gives up closing it. */
    public static KeptFile of(ConfinedFile file) {
        return new KeptFile(file);
    }

    /** The descriptor, now owned (and to be closed) by the caller; null when taken or closed already. */
    public synchronized ConfinedFile take() {
        ConfinedFile taken = file;
        file = null;
        return taken;
    }

    /** Closes the descriptor unless it was taken; nothing was written through it here. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (file != null) {
            file.closeUnwritten();
            file = null;
        }
    }
}
