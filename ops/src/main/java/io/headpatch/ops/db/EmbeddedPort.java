package io.headpatch.ops.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The embedded server's port, kept in the headpatch home so it stays the same between commands while it is free. */
final class EmbeddedPort {

    private static final String FILE = "embedded.port";

    private EmbeddedPort() {
    }

    static int choose(Path home) {
        Path file = home.resolve(FILE);
        try {
            if (Files.exists(file)) {
                int port = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
                if (isFree(port)) {
                    return port;
                }
            }
            int port = freePort();
            Files.writeString(file, Integer.toString(port), StandardCharsets.US_ASCII);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the embedded port in " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " does not hold a port number; delete it", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
