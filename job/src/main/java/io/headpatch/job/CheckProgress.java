package io.headpatch.job;

/** Told after each page of a verify or rollback: files checked so far, and how many of them were problems. */
@FunctionalInterface
public interface CheckProgress {

    CheckProgress NONE = (done, problems) -> { };

    void checked(long done, long problems);
}
