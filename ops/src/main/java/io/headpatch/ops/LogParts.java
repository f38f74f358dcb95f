package io.headpatch.ops;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rolled parts of a log file ({@code FILE.yyyy-MM-dd.N.gz}), compressed one at a time on a thread of their own,
 * and their total size cap, applied at each rollover (a part still being compressed is counted at the next) and when
 * logging to the file starts and ends. logback's own cap runs in the background, where a burst of rollovers made it
 * keep 13 KB of 1 KB parts under an 8 KB cap, or remove every part but the newest; its compressions run four at a
 * time, and stopping the appender waits for the last one begun only.
 */
final class LogParts implements AutoCloseable {

    private record Part(Path file, String day, long index, long size) {
    }

    private final Path logFile;
    private final long totalSizeCap;
    private final ExecutorService compressions = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "log-compression");
        thread.setDaemon(true); // a command that never lets its log go still exits
        return thread;
    });

    /**
     * @param logFile      the active file; its parts lie beside it
     * @param totalSizeCap bytes the parts may hold in all
     */
    LogParts(Path logFile, long totalSizeCap) {
        this.logFile = logFile;
        this.totalSizeCap = totalSizeCap;
    }

    /**
     * The context for the rolling policy: {@code shared}, except that the policy's compressions and clean-ups run on
     * this file's one thread, in the order they were begun.
     */
    Context compressingOneAtATime(Context shared) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "getExecutorService", "getAlternateExecutorService" -> compressions;
                    default -> {
                        try {
                            yield method.invoke(shared, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    /** Waits for every compression begun, then applies the cap once more. Safe to call twice. */
    @Override
    public void close() {
        compressions.shutdown();
        try {
            compressions.awaitTermination(CoreConstants.SECONDS_TO_WAIT_FOR_COMPRESSION_JOBS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        capTotalSize();
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
