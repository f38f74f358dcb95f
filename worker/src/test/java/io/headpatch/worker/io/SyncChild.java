package io.headpatch.worker.io;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A child JVM for {@link SyncCallsIntegrationTests}: {@code DIR IO_MODE SYNC_MODE} writes a header of
 * 64 zero bytes into every file of DIR in one batch and prints "WRITTEN n".
 */
public final class SyncChild {

    private SyncChild() {
    }

    public static void main(String[] args) throws Exception {
        List<WriteRequest> requests = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path file : files.sorted().toList()) {
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                requests.add(new WriteRequest(file, new byte[64], attrs.size(), null));
            }
        }
        WriteOptions options = WriteOptions.builder().ioMode(IoMode.valueOf(args[1])).syncMode(SyncMode.valueOf(args[2])).build();
        try (HeaderBatchWriter writer = new HeaderBatchWriter(options)) {
            long written = writer.writeAll(requests).stream().filter(r -> r.status() == WriteResult.Status.WRITTEN).count();
            System.out.println("WRITTEN " + written);
        }
    }
}
