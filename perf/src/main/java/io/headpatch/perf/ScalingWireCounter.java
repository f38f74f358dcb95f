package io.headpatch.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP relay in front of PostgreSQL that counts the bytes of the wire protocol in each direction
 * (what a pool's users send and receive), and the connections opened. Point a JDBC URL at
 * {@link #port()} on the loopback address.
 */
final class ScalingWireCounter implements AutoCloseable {

    private final String host;
    private final int port;
    private final ServerSocket server;
    private final LongAdder toServer = new LongAdder();
    private final LongAdder fromServer = new LongAdder();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    ScalingWireCounter(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "wire-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    long toServer() {
        return toServer.sum();
    }

    long fromServer() {
        return fromServer.sum();
    }

    int opened() {
        return opened.get();
    }

    int peakOpen() {
        return peakOpen.get();
    }

    private void accept() {
        while (!closing) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, port);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                opened.incrementAndGet();
                peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                AtomicInteger ends = new AtomicInteger();
                pump(client, upstream, toServer, ends);
                pump(upstream, client, fromServer, ends);
            } catch (IOException e) {
                if (!closing) {
                    System.err.println("wire relay: " + e.getMessage());
                }
            }
        }
    }

    private void pump(Socket from, Socket to, LongAdder counter, AtomicInteger ends) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    counter.add(n);
                }
            } catch (IOException e) {
                // the other direction closed the pair
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                if (ends.incrementAndGet() == 2) {
                    open.decrementAndGet();
                }
            }
        }, "wire-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        server.close();
        sockets.forEach(ScalingWireCounter::closeQuietly);
    }
}
