package io.headpatch.ops.ui;

import java.time.LocalDateTime;
import java.util.function.Supplier;

/** One action taken in the console: what, on which execution, when, and what it printed (or why it failed). */
public final class ActionResult {

    public enum State { RUNNING, DONE, FAILED }

    private final String kind;
    private final Long executionId;
    private final LocalDateTime startedAt;
    private volatile Long createdExecutionId;
    private volatile State state = State.RUNNING;
    private volatile String message = "";

    ActionResult(String kind, Long executionId, LocalDateTime startedAt) {
        this.kind = kind;
        this.executionId = executionId;
        this.startedAt = startedAt;
    }

    /** Runs the action's body, keeping its printed result or its failure's one line. */
    ActionResult run(Supplier<String> body) {
        try {
            message = body.get();
            state = State.DONE;
        } catch (RuntimeException e) {
            message = ActionRunner.message(e);
            state = State.FAILED;
        }
        return this;
    }

    void created(long id) {
        createdExecutionId = id;
    }

    boolean concerns(long id) {
        return executionId != null && executionId == id || createdExecutionId != null && createdExecutionId == id;
    }

    public String kind() {
        return kind;
    }

    public Long executionId() {
        return executionId;
    }

    public Long createdExecutionId() {
        return createdExecutionId;
    }

    public LocalDateTime startedAt() {
        return startedAt;
    }

    public State state() {
        return state;
    }

    public boolean failed() {
        return state == State.FAILED;
    }

    public String message() {
        return message;
    }
}
