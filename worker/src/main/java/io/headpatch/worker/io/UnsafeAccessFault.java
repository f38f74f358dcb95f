package io.headpatch.worker.io;

/**
 * Makes a fault of a just-finished Unsafe memory access surface here, as the InternalError HotSpot makes of it.
 *
 * <p>A SIGBUS in an Unsafe access (a write to a mapping whose file was truncated) does not throw where it
 * happens: HotSpot skips the faulting instruction and leaves an asynchronous error pending on the thread, thrown
 * at the thread's next runtime call that checks for one. Returning from a native method is not such a call, so
 * without this the error came out later in unrelated code (measured on JDK 17: inside {@code FileChannelImpl} while
 * opening the next file, blaming it and breaking that channel's bookkeeping). Allocating a multi-dimensional array
 * whose dimensions the compiler cannot see is always a runtime call, in the interpreter, C1 and C2, and it checks
 * for pending asynchronous errors on its way back; the tests hold this for each of the three.
 */
final class UnsafeAccessFault {

    /** Not final, so that no compiler folds it and allocates the array inline. */
    private static int unknownLength;
    /** Keeps the allocation alive so that it cannot be removed. */
    private static Object allocated;

    private UnsafeAccessFault() {
    }

    /** Throws the InternalError of a pending Unsafe access fault of this thread, if there is one. */
    static void raisePending() {
        allocated = new byte[unknownLength][unknownLength];
    }
}
