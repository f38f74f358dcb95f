package io.headpatch.ops.command;

import io.headpatch.ops.ExitCodes;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SIGTERM and Ctrl-C while a command works on files: the first asks the work to stop at its next
 * chunk boundary (the command then ends normally, so an embedded database is shut down only after
 * the job has stopped); a second one exits at once, leaving a run that {@code restart} recovers.
 * The JVM's own handlers, which would run the shutdown hooks (stopping the embedded database under
 * the running job), are replaced for as long as this is open.
 */
final class Interrupts implements AutoCloseable {

    private static final Map<String, Integer> EXIT_CODES = Map.of("INT", ExitCodes.INTERRUPTED, "TERM", ExitCodes.TERMINATED);

    private final PrintWriter err;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private Runnable stopAction;
    private String signal;
    private boolean closed;

    private Interrupts(PrintWriter err) {
        this.err = err;
    }

    /** Takes over SIGTERM and SIGINT until {@link #close()}. */
    static Interrupts install(PrintWriter err) {
        Interrupts interrupts = new Interrupts(err);
        for (String name : EXIT_CODES.keySet()) {
            Signal signal = new Signal(name);
            try {
                interrupts.previous.put(signal, Signal.handle(signal, interrupts::received));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal (e.g. -Xrs): its default behaviour stays.
            }
        }
        return interrupts;
    }

    /** What stops the work at its next chunk boundary; run at once when a signal came before the work existed. */
    void onStop(Runnable action) {
        boolean stopNow;
        synchronized (this) {
            stopAction = action;
            stopNow = signal != null;
        }
        if (stopNow) {
            stop(action);
        }
    }

    /** The signal's name (TERM, INT) once one came, else null. */
    synchronized String signal() {
        return signal;
    }

    /** 143 after SIGTERM, 130 after Ctrl-C, else {@code otherwise}. */
    synchronized int exitCode(int otherwise) {
        return signal == null ? otherwise : EXIT_CODES.get(signal);
    }

    private void received(Signal received) {
        Runnable action;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (signal != null) {
                quitNow(received);
                return;
            }
            signal = received.getName();
            action = stopAction;
        }
        message("SIG" + received.getName() + ": stopping after the current chunks (again to quit at once)");
        if (action != null) {
            stop(action);
        }
    }

    private void stop(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            message("could not ask the work to stop: " + e.getMessage());
        }
    }

    private void quitNow(Signal received) {
        message("SIG" + received.getName() + " again: quitting now; the run is left for 'headpatch restart' to recover");
        // Still on the signal thread: exiting runs the shutdown hooks (the embedded database stops) and never returns.
        new Thread(() -> System.exit(EXIT_CODES.get(received.getName())), "headpatch-quit").start();
    }

    private void message(String text) {
        synchronized (err) {
            err.println(text);
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        previous.forEach(Signal::handle);
    }
}
