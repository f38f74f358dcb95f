package io.headpatch.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rolled parts of a log file ({@code FILE.yyyy-MM-dd.N.gz}) and their total size cap, applied at each rollover
 * (a part still being compressed is counted at the next) and when logging to the file starts and ends. logback's own cap runs in the background, where a burst of rollovers made it
 * keep 13 KB of 1 KB parts under an 8 KB cap, or remove every part but the newest.
 *
 * @param logFile      the active file; its parts lie beside it
 * @param totalSizeCap bytes the parts may hold in all
 */
record LogParts(Path logFile, long totalSizeCap) {

    private record Part(Path file, String day, long index, long size) {
    }

    /** Keeps the newest parts that fit the cap together and removes every older one; one it cannot remove stays. */
    void capTotalSize() {
        Pattern name = Pattern.compile(Pattern.quote(logFile.getFileName().toString()) + "\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.gz");
        List<Part> parts;
        try (Stream<Path> files = Files.list(logFile.toAbsolutePath().getParent())) {
            parts = files.map(file -> part(file, name.matcher(file.getFileName().toString())))
                    .filter(part -> part != null)
                    .sorted(Comparator.comparing(Part::day).thenComparingLong(Part::index).reversed())
                    .toList();
        } catch (IOException e) {
            return;
        }
        long kept = 0;
        boolean full = false;
        for (Part part : parts) {
            full |= kept + part.size() > totalSizeCap;
            if (full) {
                part.file().toFile().delete();
            } else {
                kept += part.size();
            }
        }
    }

    private static Part part(Path file, Matcher name) {
        return name.matches() ? new Part(file, name.group(1), Long.parseLong(name.group(2)), file.toFile().length()) : null;
    }
}
