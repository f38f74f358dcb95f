package io.headpatch.ops.db;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL refuses to run as root. zonky then starts it in a user namespace ({@code unshare -U}),
 * where root is unmapped and looks unprivileged; this tells beforehand whether that can work here.
 */
final class UserNamespaces {

    private UserNamespaces() {
    }

    /** True when running as root where {@code unshare -U} does not work, so the embedded server cannot start. */
    static boolean rootWithoutUserNamespaces() {
        return runningAsRoot() && !unshareWorks();
    }

    private static boolean runningAsRoot() {
        try {
            return new UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean unshareWorks() {
        try {
            Process process = new ProcessBuilder("unshare", "-U", "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
