package io.headpatch.ops.ui;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.ExecutionSummary;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The actions on an execution, what each confirmation says, and the one rule of when each can work: the page offers
 * only those, and a POST of any other is refused without being performed. Each acts only on a run whose roots lie
 * inside the console's (checked apart, {@link ConsoleScope#covers}).
 */
public enum ExecutionActions {

    STOP("Stop", "Its current chunks finish, then it is STOPPED and can be restarted.") {
        @Override
        String blocker(ExecutionSnapshot s) {
            ExecutionSummary e = s.summary();
            if (!e.status().isRunning()) {
                return "it is not running (" + e.status() + ")";
            }
            if (e.ownerGone()) {
                return "its process is gone and nothing runs it; Restart continues it";
            }
            return e.status() == ExecutionStatus.STOPPING ? "it is already stopping" : null;
        }
    },
    RESTART("Restart", "The partitions that failed or stopped run again, each from its checkpoint, and every"
            + " IO_ERROR, GONE or CHANGED_SINCE_SCAN file is tried again, in the same run.") {
        @Override
        String blocker(ExecutionSnapshot s) {
            ExecutionStatus status = s.summary().status();
            String common = notNewestOrRunning(s);
            if (common != null) {
                return common;
            }
            if (status == ExecutionStatus.COMPLETED) {
                return "it COMPLETED; nothing to restart" + (s.failures() > 0 ? " (Retry runs its failed files again)" : "");
            }
            return status == ExecutionStatus.ABANDONED ? "it was ABANDONED and cannot be restarted" : null;
        }
    },
    RETRY("Retry", "Its IO_ERROR, GONE and CHANGED_SINCE_SCAN files run again as a new launch: their paths under the same"
            + " roots, the spec text and options it ran with, a new run id.") {
        @Override
        String blocker(ExecutionSnapshot s) {
            ExecutionSummary e = s.summary();
            if (!e.completed()) {
                return "it is " + e.status() + ", not COMPLETED" + (s.recoverCommand() != null ? " (Restart continues it)" : "");
            }
            if (s.failures() == 0) {
                return "it COMPLETED without failed files; nothing to retry";
            }
            return e.retriedBy() != null ? "it was already retried by execution " + e.retriedBy() : null;
        }
    },
    ABANDON("Abandon", "It is marked ABANDONED and can never be restarted.") {
        @Override
        String blocker(ExecutionSnapshot s) {
            String common = notNewestOrRunning(s);
            if (common != null) {
                return common;
            }
            ExecutionStatus status = s.summary().status();
            return status == ExecutionStatus.COMPLETED || status == ExecutionStatus.ABANDONED ? "it is " + status : null;
        }
    },
    VERIFY("Verify", "Every file the instance patched is read again and compared with its journaled header.") {
        @Override
        String blocker(ExecutionSnapshot s) {
            return idleWithWrites(s);
        }
    },
    ROLLBACK("Rollback", "The journaled original header is written back into every file the instance patched,"
            + " where the header is still the one headpatch wrote.") {
        @Override
        String blocker(ExecutionSnapshot s) {
            return idleWithWrites(s);
        }
    };

    private final String label;
    private final String explanation;

    ExecutionActions(String label, String explanation) {
        this.label = label;
        this.explanation = explanation;
    }

    /** Why the action cannot work on the execution as the snapshot shows it ("it is not running (COMPLETED)"), or null. */
    abstract String blocker(ExecutionSnapshot s);

    /** The actions that can work, in the page's order; none on a run outside the console's roots. */
    static List<ExecutionActions> applying(ExecutionSnapshot s, boolean inScope) {
        return inScope ? Arrays.stream(values()).filter(a -> a.blocker(s) == null).toList() : List.of();
    }

    /** The action named in a URL path ({@code restart}), or null. */
    static ExecutionActions ofPath(String path) {
        return Arrays.stream(values()).filter(a -> a.path().equals(path)).findFirst().orElse(null);
    }

    public String path() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    public String explanation() {
        return explanation;
    }

    /** Restart and abandon act on the instance's newest execution, and never while a live process runs it. */
    private static String notNewestOrRunning(ExecutionSnapshot s) {
        if (s.superseded()) {
            return "it was continued by execution " + s.newest().executionId() + " of the same instance; act on that one";
        }
        return s.running() ? "it is running" + (s.summary().owner() == null ? "" : " on " + s.summary().owner())
                + "; stop it first" : null;
    }

    /** Verify and rollback read or write every file of the instance: not while it runs, and not for a dry run. */
    private static String idleWithWrites(ExecutionSnapshot s) {
        if (s.instanceRunning()) {
            return "execution " + s.newest().executionId() + " of its instance is running; stop it or wait for its end";
        }
        return s.summary().dryRun() ? "it was a dry run and wrote no file" : null;
    }
}
