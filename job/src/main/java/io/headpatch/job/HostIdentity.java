package io.headpatch.job;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who runs a job execution or partition: the host name and this JVM's pid. */
public final class HostIdentity {

    private static final String HOST = hostName();

    private HostIdentity() {
    }

    public static String host() {
        return HOST;
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /**
     * When this process started, in epoch milliseconds as the OS tells it (null where it does not): with the pid,
     * it names this process even after the pid is reused.
     */
    public static Long pidStartedAt() {
        return startedAt(ProcessHandle.current());
    }

    /** {@link #pidStartedAt()} of any process. */
    public static Long startedAt(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(null);
    }

    /** "host/pid", as reports show it. */
    public static String worker() {
        return HOST + "/" + pid();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "localhost" : env;
        }
    }
}
