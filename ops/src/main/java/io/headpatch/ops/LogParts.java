package io.headpatch.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    /**
     * Keeps the newest parts that fit the cap together and removes every older one; one it cannot remove stays. Only
     * regular files of this process's user are parts: in a folder others can write to (a log under /tmp), a link or
     * another user's file that takes a part's name is neither counted nor removed.
     */
    void capTotalSize() {
        Pattern name = Pattern.compile(Pattern.quote(logFile.getFileName().toString()) + "\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.gz");
        List<Part> parts;
        try (Stream<Path> files = Files.list(logFile.toAbsolutePath().getParent())) {
            // /proc/self belongs to the process's effective user
            Object owner = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            parts = files.map(file -> part(file, name.matcher(file.getFileName().toString()), owner))
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

    private static Part part(Path file, Matcher name, Object owner) {
        if (!name.matches()) {
            return null;
        }
        try {
            Map<String, Object> attributes = Files.readAttributes(file, "unix:uid,isRegularFile,size", LinkOption.NOFOLLOW_LINKS);
            return Boolean.TRUE.equals(attributes.get("isRegularFile")) && owner.equals(attributes.get("uid"))
                    ? new Part(file, name.group(1), Long.parseLong(name.group(2)), (Long) attributes.get("size")) : null;
        } catch (IOException e) {
            return null; // gone meanwhile (another command's rollover), or unreadable: not a part to count or remove
        }
    }
}
