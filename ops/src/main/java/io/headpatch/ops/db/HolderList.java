package io.headpatch.ops.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The processes holding a lock file shared (the commands, not a stop), from the kernel's table of locks
 * ({@code /proc/locks}); empty where unknowable.
 */
final class HolderList {

    private HolderList() {
    }

    static List<Long> of(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String inode = ":" + Files.getAttribute(file, "unix:ino");
            return Files.readAllLines(Path.of("/proc/locks")).stream()
                    .map(line -> line.strip().split("\\s+"))
                    // "1: POSIX ADVISORY READ 4242 fe:00:1466553 0 EOF"; waiters' lines have "->" after the number
                    .filter(fields -> fields.length >= 6 && !fields[1].equals("->") && fields[3].equals("READ")
                            && fields[5].endsWith(inode))
                    .map(fields -> Long.parseLong(fields[4]))
                    .filter(pid -> pid > 0)
                    .distinct().sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
