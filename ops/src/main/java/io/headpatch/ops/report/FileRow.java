package io.headpatch.ops.report;

/** One line of the per-file completion report; outcome null while the file is not decided yet. */
public record FileRow(String path, String outcome, String reason, String beforeHex, String afterHex) {
}
