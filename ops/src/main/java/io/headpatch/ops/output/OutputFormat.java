package io.headpatch.ops.output;

/** How launch, restart and status print executions. */
public enum OutputFormat {
    TEXT, JSON
}
