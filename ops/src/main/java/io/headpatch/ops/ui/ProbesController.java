package io.headpatch.ops.ui;

import io.headpatch.ops.db.DatabaseProbe;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The probes a process supervisor calls without a login (the pages, /health included, need one):
 * {@code /livez} the console answers, {@code /readyz} its database answers. Only "up" or "down", 200 or 503.
 */
@RestController
class ProbesController implements AutoCloseable {

    private final DatabaseProbe probe;

    ProbesController(ConsoleDatabase database) {
        this.probe = new DatabaseProbe(database.dataSource());
    }

    @GetMapping("/livez")
    ResponseEntity<String> live() {
        return answer(true);
    }

    @GetMapping("/readyz")
    ResponseEntity<String> ready() {
        return answer(probe.answers());
    }

    private static ResponseEntity<String> answer(boolean up) {
        return ResponseEntity.status(up ? 200 : 503).contentType(MediaType.TEXT_PLAIN).body(up ? "up\n" : "down\n");
    }

    @Override
    public void close() {
        probe.close();
    }
}
