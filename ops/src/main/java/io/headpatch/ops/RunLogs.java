package io.headpatch.ops;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** One log file per run of a command that works on files, under {@code HEADPATCH_HOME/logs} (owner-only). */
final class RunLogs {

    /** The commands that get a log file: those that work on files or run for long. */
    static final Set<String> COMMANDS = Set.of("launch", "restart", "verify", "rollback", "demo", "schedule", "worker", "prune");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunLogs() {
    }

    /** {@code logs/COMMAND-yyyyMMdd-HHmmss-PID.log}; the folder is created readable by its owner only. */
    static Path newFile(Path home, String command) {
        Path logs = home.resolve("logs");
        try {
            Files.createDirectories(home);
            try {
                Files.createDirectory(logs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // made by an earlier run
            }
        } catch (IOException e) {
            throw UserException.usage("cannot create the log folder " + logs + ": " + e.getMessage()
                    + " (give --log-file FILE elsewhere)");
        }
        return logs.resolve(command + "-" + LocalDateTime.now().format(STAMP) + "-" + ProcessHandle.current().pid() + ".log");
    }
}
