package io.headpatch.job;

/** Which check recorded an {@code hp_check} row: its {@code check_kind} is the name. */
public enum CheckKind {
    VERIFY, ROLLBACK
}
