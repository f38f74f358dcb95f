package io.headpatch.ops.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The probes beside /metrics, for a process supervisor (Kubernetes, a load balancer): {@code /livez} the process
 * answers, {@code /readyz} its database answers (down until a command attaches its database). Only "up" or "down",
 * 200 or 503; any other path is 404.
 */
final class Probes implements HttpHandler {

    private volatile BooleanSupplier ready = () -> false;

    void readiness(BooleanSupplier check) {
        ready = check;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("/livez".equals(path)) {
                answer(exchange, true);
            } else if ("/readyz".equals(path)) {
                answer(exchange, ready.getAsBoolean());
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void answer(HttpExchange exchange, boolean up) throws IOException {
        byte[] body = (up ? "up\n" : "down\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(up ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
