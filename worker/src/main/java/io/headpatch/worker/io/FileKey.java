package io.headpatch.worker.io;

/**
 * Which file, whatever its names and content: its filesystem's device ({@code major << 32 | minor}) and its inode.
 * What the journal records of the file a header was written to.
 */
public record FileKey(long device, long inode) {

    /** How {@code found} is another file than this written one, e.g. "inode 12 is not the written inode 34"; null when it is this one. */
    public String otherThan(FileKey found) {
        if (found.inode != inode) {
            return "inode " + found.inode + " is not the written inode " + inode;
        }
        return found.device != device ? "device " + found.device + " is not the written device " + device : null;
    }
}
