package io.headpatch.ops.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded server's superuser password: random, made once with the cluster, kept in a file of
 * the home that only its owner may read (0600). The server accepts no one without it.
 */
final class EmbeddedPassword {

    static final String FILE = "embedded.password";

    private EmbeddedPassword() {
    }

    /** The file to give {@code initdb --pwfile}, created (0600) with a new random password when missing. */
    static Path file(Path home) throws IOException {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n", StandardCharsets.US_ASCII);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
}
