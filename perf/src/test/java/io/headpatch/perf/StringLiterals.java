package io.headpatch.perf;

import java.util.ArrayList;
import java.util.List;

/** The string literals and text blocks of a Java source, as written (escapes kept); comments and characters skipped. */
final class StringLiterals {

    private static final String TEXT_BLOCK = "\"\"\"";

    private StringLiterals() {
    }

    static List<String> of(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                i = closing(source, i + 2, "*/") + 2;
            } else if (source.startsWith(TEXT_BLOCK, i)) {
                int close = closing(source, i + 3, TEXT_BLOCK);
                literals.add(source.substring(i + 3, close));
                i = close + 3;
            } else if (source.charAt(i) == '"') {
                int close = closing(source, i + 1, "\"");
                literals.add(source.substring(i + 1, close));
                i = close + 1;
            } else if (source.charAt(i) == '\'') {
                i = closing(source, i + 1, "'") + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    /** Where the next {@code end} from {@code from} starts, skipping what a backslash escapes. */
    private static int closing(String source, int from, String end) {
        for (int i = from; i < source.length(); i++) {
            if (source.charAt(i) == '\\') {
                i++;
            } else if (source.startsWith(end, i)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + end + " after offset=" + from);
    }
}
