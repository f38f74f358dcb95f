package io.headpatch.worker.io;

/**
 * Asked before each file's write whether this process may still write: a partition's lease kept in memory, so the
 * question costs no round trip and no system call. A process that resumes past it (SIGSTOP, a long pause, a paused
 * VM) writes nothing more, except the one file it had locked and asked about before the pause: the header's lock
 * ({@link HeaderLock}) kept every other writer out of that file meanwhile.
 */
@FunctionalInterface
public interface WriteDeadline {

    /** No deadline: tools without a lease, tests. */
    WriteDeadline NONE = () -> null;

    /** Why nothing more may be written (e.g. "lease passed 12 s ago"), or null while writes may go on. */
    String passed();
}
