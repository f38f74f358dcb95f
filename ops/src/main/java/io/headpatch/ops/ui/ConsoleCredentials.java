package io.headpatch.ops.ui;

import io.headpatch.ops.CliEnvironment;
import io.headpatch.ops.UserException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The console's one login: user {@code admin} ({@code HEADPATCH_UI_USER}); password
 * {@code HEADPATCH_UI_PASSWORD} (at least 12 characters), else the one kept in {@code HEADPATCH_HOME/ui-password}, generated
 * at the first start into a file created with mode 0600 (never wider, not even for a moment).
 *
 * @param generatedNow true when this start generated the password, which is then printed once
 * @param file         where a generated password is kept (null when it came from the environment)
 */
public record ConsoleCredentials(String user, String password, boolean generatedNow, Path file) {

    public static final String USER_VARIABLE = "HEADPATCH_UI_USER";
    public static final String PASSWORD_VARIABLE = "HEADPATCH_UI_PASSWORD";
    static final String DEFAULT_USER = "admin";
    static final int MIN_PASSWORD = 12;
    static final String FILE = "ui-password";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    @Override
    public String toString() {
        return "ConsoleCredentials[user=" + user + ", file=" + file + "]";
    }

    /**
     * @throws UserException (usage) when {@code HEADPATCH_UI_PASSWORD} is shorter than 12 characters, or the kept
     *                       password file is readable by others or not ours
     */
    public static ConsoleCredentials resolve(CliEnvironment environment) {
        String user = environment.variable(USER_VARIABLE) != null ? environment.variable(USER_VARIABLE) : DEFAULT_USER;
        String password = environment.variable(PASSWORD_VARIABLE);
        if (password != null) {
            if (password.length() < MIN_PASSWORD) {
                throw UserException.usage(PASSWORD_VARIABLE + " has " + password.length() + " characters; the console"
                        + " needs at least " + MIN_PASSWORD);
            }
            return new ConsoleCredentials(user, password, false, null);
        }
        Path file = environment.home().resolve(FILE);
        try {
            Files.createDirectories(environment.home());
            try {
                String generated = generate();
                Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY)), generated,
                        StandardCharsets.UTF_8, StandardOpenOption.WRITE);
                return new ConsoleCredentials(user, generated, true, file);
            } catch (FileAlreadyExistsException e) {
                return new ConsoleCredentials(user, readKept(file), false, file);
            }
        } catch (IOException e) {
            throw UserException.usage("cannot keep the console password in " + file + ": " + e.getMessage()
                    + " (or set " + PASSWORD_VARIABLE + ")");
        }
    }

    private static String readKept(Path file) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile() || !attributes.permissions().equals(OWNER_ONLY)
                || !attributes.owner().equals(Files.getOwner(file.getParent()))) {
            throw UserException.usage(file + " must be a regular file of mode 0600 owned by the owner of "
                    + file.getParent() + " (it is " + PosixFilePermissions.toString(attributes.permissions())
                    + "); fix it or delete it to generate a new password");
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw UserException.usage(file + " is empty; delete it to generate a new password");
        }
        return password;
    }

    private static String generate() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
