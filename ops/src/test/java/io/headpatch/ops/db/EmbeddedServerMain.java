package io.headpatch.ops.db;

import java.nio.file.Path;

/**
 * {@link EmbeddedDatabase#start} in a JVM of its own ({@link EmbeddedServer}): prints one line
 * {@code STARTED <jdbc url> <password>}, then holds the server until its standard input ends, and stops it.
 */
final class EmbeddedServerMain {

    static final String STARTED = "STARTED ";

    private EmbeddedServerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(Path.of(args[0]))) {
            System.out.println(STARTED + embedded.jdbcUrl() + " " + embedded.password());
            System.out.flush();
            while (System.in.read() != -1) {
                // the parent closes our input to stop the server
            }
        }
        EmbeddedServerControl.stop(Path.of(args[0]), false);
    }
}
