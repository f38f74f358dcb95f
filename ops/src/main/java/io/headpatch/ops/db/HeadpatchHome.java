package io.headpatch.ops.db;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The headpatch home holds the embedded server's data, binaries, password and port. Another local
 * user who could enter or change it could become the database's superuser and, through it, make
 * headpatch write anywhere with the operator's rights; so it is this user's, 0700, or refused.
 */
final class HeadpatchHome {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private HeadpatchHome() {
    }

    /**
     * Creates the home 0700 when missing; an existing one must be a directory owned by this user that
     * neither group nor others can write (group or others' read and search bits are removed).
     *
     * @throws DatabaseUnavailableException naming the home and what is wrong with it
     */
    static Path prepare(Path home) {
        try {
            if (!Files.exists(home)) {
                Files.createDirectories(home, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Path real = home.toRealPath();
            if (!Files.isDirectory(real)) {
                throw refused(home, "it is not a directory");
            }
            int owner = (Integer) Files.getAttribute(real, "unix:uid");
            long me = new UnixSystem().getUid();
            if (owner != me) {
                throw refused(home, "it belongs to uid=" + owner + ", not to this user (uid=" + me + ")");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real);
            if (permissions.stream().anyMatch(OTHERS_WRITE::contains)) {
                throw refused(home, "group or others may write it (mode="
                        + PosixFilePermissions.toString(permissions) + "); run chmod 700 " + home + " if that is safe");
            }
            if (!permissions.equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(real, OWNER_ONLY);
            }
            return real;
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot use home=" + home + " for the embedded database: " + e.getMessage(), e);
        }
    }

    private static DatabaseUnavailableException refused(Path home, String why) {
        return new DatabaseUnavailableException("refusing home=" + home + " for the embedded database: " + why
                + "; another user could take over the database. Set HEADPATCH_HOME to a directory of your own, or give --db");
    }
}
