package io.headpatch.ops.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file as the docs tests read it: its lines outside fenced code blocks, its links and the anchors
 * its headings get on GitHub.
 */
public final class MarkdownPage {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");

    private final Path file;
    private final List<String> lines;

    private MarkdownPage(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    public static MarkdownPage read(Path file) {
        try {
            return new MarkdownPage(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("page=" + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public int lineCount() {
        return lines.size();
    }

    /** The lines that are prose or tables, not code: links and headings inside a fenced block are not Markdown. */
    public List<String> textLines() {
        List<String> text = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                text.add(line);
            }
        }
        return text;
    }

    /** Every link target as written, e.g. {@code operations.md#logs}, {@code #metrics} or {@code https://...}. */
    public List<String> links() {
        List<String> links = new ArrayList<>();
        for (String line : textLines()) {
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                links.add(link.group(1));
            }
        }
        return links;
    }

    /** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
    public Set<String> anchors() {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : textLines()) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = heading.group(1).strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int repeat = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
            }
        }
        return anchors;
    }
}
