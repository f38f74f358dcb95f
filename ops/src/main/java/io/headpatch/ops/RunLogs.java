package io.headpatch.ops;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * One log file per run of a command that works on files, under {@code HEADPATCH_HOME/logs} (owner-only), or the one
 * {@code --log-file} names in a folder no other user can change.
 */
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

    /**
     * {@code --log-file}'s file, by its real path, when no other user can change what that path leads to: its folder
     * is this user's and only theirs to write, and every folder above it is this user's or root's and either only
     * theirs to write or sticky. Elsewhere (a log under /tmp) another user could put a link in the log's place, or
     * swap a folder on its path, and make the log's writes (as root, perhaps) land in a file of their choosing.
     */
    static Path privateFile(Path logFile) {
        Path given = logFile.toAbsolutePath().normalize();
        if (given.getParent() == null) {
            throw UserException.usage("--log-file=" + logFile + " is not a file");
        }
        Path folder;
        try {
            folder = given.getParent().toRealPath();
        } catch (IOException e) {
            throw UserException.usage("--log-file=" + logFile + ": its folder does not exist or cannot be read");
        }
        long me = new UnixSystem().getUid();
        for (Path dir = folder; dir != null; dir = dir.getParent()) {
            int owner;
            int mode;
            try {
                owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw UserException.usage("--log-file=" + logFile + ": cannot read folder=" + dir + ": " + e.getMessage());
            }
            boolean othersWrite = (mode & 0022) != 0;
            boolean sticky = (mode & 01000) != 0;
            boolean safe = dir.equals(folder) ? owner == me && !othersWrite
                    : (owner == me || owner == 0) && (!othersWrite || sticky);
            if (!safe) {
                throw UserException.usage("--log-file=" + logFile + ": another user could change folder=" + dir
                        + " (uid=" + owner + ", mode=" + Integer.toOctalString(mode & 07777) + "), and so what the log"
                        + " writes to; give a file in a folder only you can write");
            }
        }
        return folder.resolve(given.getFileName());
    }
}
