package io.headpatch.ops.ui;

import io.headpatch.ops.UserException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how the console listens: HTTPS when given a PEM certificate and key (a Spring Boot SSL bundle), else
 * plain HTTP, which a non-loopback address allows only with {@code --insecure-http} (a TLS-terminating proxy in front).
 *
 * @param tlsCert null, or a PEM certificate (chain) file; given together with {@code tlsKey}
 * @param tlsKey  null, or a PEM private key file
 */
public record ConsoleEndpoint(String bind, int port, Path tlsCert, Path tlsKey, boolean insecureHttp) {

    private static final String BUNDLE = "console";

    /** Loopback, plain HTTP: how tests serve it. */
    public static ConsoleEndpoint loopback(int port) {
        return new ConsoleEndpoint("127.0.0.1", port, null, null, false);
    }

    /**
     * @return a warning for the operator, or null
     * @throws UserException (usage) naming the options that are missing or wrong
     */
    public String check() {
        if (port < 0 || port > 65_535) {
            throw UserException.usage("--port=" + port + " is not a port number");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw UserException.usage("--tls-cert and --tls-key go together: give both, or neither");
        }
        if (tls()) {
            if (insecureHttp) {
                throw UserException.usage("--insecure-http and --tls-cert contradict each other: give one of them");
            }
            for (Path file : new Path[] {tlsCert, tlsKey}) {
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                    throw UserException.usage((file == tlsCert ? "--tls-cert=" : "--tls-key=") + file + " cannot be read");
                }
            }
            return null;
        }
        if (loopback()) {
            return null;
        }
        if (!insecureHttp) {
            throw UserException.usage("--bind=" + bind + " is not a loopback address: serve HTTPS with --tls-cert FILE"
                    + " --tls-key FILE, or give --insecure-http when a TLS-terminating proxy is in front");
        }
        return "warning: the console serves plain HTTP on " + bind + " (--insecure-http): logins and pages cross the"
                + " network unencrypted unless a TLS-terminating proxy is in front";
    }

    public boolean tls() {
        return tlsCert != null;
    }

    /** The server properties: address, port and, with TLS, the PEM bundle. */
    Map<String, Object> properties() {
        if (!tls()) {
            return Map.of("server.address", bind, "server.port", Integer.toString(port));
        }
        String bundle = "spring.ssl.bundle.pem." + BUNDLE + ".keystore.";
        return Map.of("server.address", bind, "server.port", Integer.toString(port), "server.ssl.bundle", BUNDLE,
                bundle + "certificate", "file:" + tlsCert.toAbsolutePath(),
                bundle + "private-key", "file:" + tlsKey.toAbsolutePath());
    }

    String url(int actualPort) {
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return (tls() ? "https://" : "http://") + host + ":" + actualPort;
    }

    private boolean loopback() {
        try {
            for (InetAddress address : InetAddress.getAllByName(bind)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw UserException.usage("--bind=" + bind + " is not an address of this host");
        }
    }
}
