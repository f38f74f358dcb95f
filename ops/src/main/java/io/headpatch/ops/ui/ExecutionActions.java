package io.headpatch.ops.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The actions on an execution, what each confirmation says, and which ones its status allows. */
public enum ExecutionActions {

    STOP("Stop", "Its current chunks finish, then it is STOPPED and can be restarted.",
            Set.of("STARTING", "STARTED")),
    RESTART("Restart", "The partitions that failed or stopped run again, each from its checkpoint, and every"
            + " IO_ERROR, GONE or CHANGED_SINCE_SCAN file is tried again."
            + " An execution left STARTED is restarted only when the process that ran it is gone.",
            Set.of("FAILED", "STOPPED", "UNKNOWN", "STARTED")),
    ABANDON("Abandon", "It is marked ABANDONED and can never be restarted.",
            Set.of("FAILED", "STOPPED", "UNKNOWN", "STARTED")),
    VERIFY("Verify", "Every file the instance patched is read again and compared with its journaled header.",
            Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED", "UNKNOWN")),
    ROLLBACK("Rollback", "The journaled original header is written back into every file the instance patched,"
            + " where the header is still the one headpatch wrote.",
            Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED", "UNKNOWN"));

    private final String label;
    private final String explanation;
    private final Set<String> statuses;

    ExecutionActions(String label, String explanation, Set<String> statuses) {
        this.label = label;
        this.explanation = explanation;
        this.statuses = statuses;
    }

    /** The action named in a URL path ({@code restart}), or null. */
    static ExecutionActions ofPath(String path) {
        return Arrays.stream(values()).filter(a -> a.path().equals(path)).findFirst().orElse(null);
    }

    /** The path names of the actions the status allows, for the page's buttons. */
    static Set<String> allowed(String status) {
        return Arrays.stream(values()).filter(a -> a.statuses.contains(status)).map(ExecutionActions::path)
                .collect(Collectors.toSet());
    }

    static List<ExecutionActions> all() {
        return List.of(values());
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
}
