package io.headpatch.worker.io;

import io.headpatch.worker.io.WriteResult.Status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes many files in MMAP mode, truncating some of them between map and write (SIGBUS on the write), and
 * checks that exactly those are IO_ERROR and all others are written correctly. Runs in the test JVM, and as
 * {@code main} in child JVMs pinned to the interpreter, C1 or C2.
 */
final class TruncationProbe {

    static final String CLEAN = "probe clean";

    private TruncationProbe() {
    }

    /** Args: directory, number of files, truncate every n-th. Prints {@link #CLEAN} or the mismatches. */
    public static void main(String[] args) {
        List<String> mismatches = run(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        System.out.println(mismatches.isEmpty() ? CLEAN : "probe mismatches=" + mismatches);
        System.exit(mismatches.isEmpty() ? 0 : 1);
    }

    /** Returns one line per file whose result or bytes are wrong (at most 20). */
    static List<String> run(Path dir, int files, int truncateEvery) {
        Set<Path> victims = new HashSet<>();
        MappedHeaderWriter writer = new MappedHeaderWriter(false);
        writer.afterMap(path -> {
            if (victims.contains(path)) {
                truncate(path);
            }
        });
        List<String> mismatches = new ArrayList<>();
        int batchSize = 250;
        try (HeaderBatchWriter batchWriter = new HeaderBatchWriter(
                WriteOptions.builder().syncMode(SyncMode.NONE).build(), writer)) {
            for (int first = 0; first < files; first += batchSize) {
                List<PlannedFile> batch = new ArrayList<>();
                for (int i = first; i < Math.min(files, first + batchSize); i++) {
                    PlannedFile file = PlannedFile.create(dir, "t" + i, 1200, 64);
                    batch.add(file);
                    if (i % truncateEvery == 0) {
                        victims.add(file.path());
                    }
                }
                List<WriteResult> results = batchWriter.writeAll(batch.stream().map(PlannedFile::request).toList());
                for (int i = 0; i < batch.size() && mismatches.size() < 20; i++) {
                    check(batch.get(i), results.get(i), victims.contains(batch.get(i).path()), mismatches);
                }
                for (PlannedFile file : batch) {
                    delete(file.path());
                }
                victims.clear();
            }
        }
        return mismatches;
    }

    private static void check(PlannedFile file, WriteResult result, boolean truncated, List<String> mismatches) {
        if (truncated) {
            if (result.status() != Status.IO_ERROR || !result.reason().contains("fault writing through the mapping")) {
                mismatches.add(file.path().getFileName() + " truncated but " + result.status() + ": " + result.reason());
            }
            return;
        }
        if (result.status() != Status.WRITTEN) {
            mismatches.add(file.path().getFileName() + " intact but " + result.status() + ": " + result.reason());
            return;
        }
        try {
            file.assertHeaderWritten();
        } catch (AssertionError e) {
            mismatches.add(file.path().getFileName() + " WRITTEN but " + e.getMessage());
        }
    }

    private static void truncate(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
