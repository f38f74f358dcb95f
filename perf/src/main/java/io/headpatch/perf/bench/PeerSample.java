package io.headpatch.perf.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The peer: what a user would write by hand, one {@code dd} per file run by {@code xargs} on every core, with
 * {@code conv=fdatasync} so that it is as durable as the others. A process per file is slow, so it runs on the
 * first {@code sample} files only and its rate stands for the whole tree.
 */
final class PeerSample {

    private PeerSample() {
    }

    /** The shell line, as printed in the results. */
    static String command(Path root, Path header, int sample) {
        return "find " + root + " -type f -print0 | head -z -n " + sample + " | xargs -0 -P\"$(nproc)\" -I{} "
                + "dd if=" + header + " of={} bs=64 count=1 conv=notrunc,fdatasync status=none";
    }

    /** Runs the line; returns its seconds. */
    static double run(Path root, Path header, int sample) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Shell.run(List.of("bash", "-c", command(root, header, sample)));
        return (System.nanoTime() - start) / 1e9;
    }
}
