package io.headpatch.job;

import io.headpatch.job.Databases;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.PartitionWorker;
import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.chunk.PlannedFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A remote worker in a child JVM: {@code URL NAME THREADS ROOT [WRITE_LOG [PAUSE_AT_CHUNK [freeze]]]}; SIGTERM
 * stops it gracefully. With WRITE_LOG, each chunk whose files were written appends one line
 * {@code pid partition startMicros endMicros fileId,fileId,...} (from its journal commit to the end
 * of its writes). With PAUSE_AT_CHUNK, after that chunk's journal commit it prints "JOURNALED partition
 * firstFileId lastFileId" and sleeps 2 s before writing; with {@code freeze} it instead freezes itself (SIGSTOP) in
 * the middle of that chunk's writes: once the first of its files holds its new header, before the chunk's last one
 * does, so the parent can keep it frozen past its lease.
 */
public final class WorkerChild {

    private WorkerChild() {
    }

    public static void main(String[] args) throws Exception {
        Path writeLog = args.length > 4 ? Path.of(args[4]) : null;
        int pauseAt = args.length > 5 ? Integer.parseInt(args[5]) : -1;
        boolean freeze = args.length > 6 && args[6].equals("freeze");
        try (var dataSource = Databases.open(args[0], "postgres", "", 8);
             PatchJobService service = new PatchJobService(dataSource, writeLog == null ? ChunkHook.NONE : new WriteLog(writeLog, pauseAt, freeze),
                     PatchJobSettings.worker(args[1], PatchJobSettings.HEARTBEAT.multipliedBy(PatchJobSettings.LEASE_HEARTBEATS),
                             List.of(Path.of(args[3]))))) {
            PartitionWorker worker = service.worker(Integer.parseInt(args[2]));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                worker.stop();
                try {
                    worker.awaitStopped(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            System.out.println("WORKER " + args[1] + " READY");
            System.out.flush();
            worker.run();
        }
    }

    private static final class WriteLog implements ChunkHook {

        private final Path log;
        private final int pauseAt;
        private final boolean freeze;
        private final AtomicInteger chunks = new AtomicInteger();
        private final ConcurrentHashMap<String, Long> started = new ConcurrentHashMap<>();

        WriteLog(Path log, int pauseAt, boolean freeze) {
            this.log = log;
            this.pauseAt = pauseAt;
            this.freeze = freeze;
        }

        @Override
        public void afterJournal(String partition, List<PlannedFile> chunk) {
            started.put(partition, micros());
            if (chunks.incrementAndGet() == pauseAt) {
                System.out.println("JOURNALED " + partition + " " + chunk.get(0).row().fileId() + " "
                        + chunk.get(chunk.size() - 1).row().fileId());
                System.out.flush();
                if (freeze) {
                    PlannedFile first = chunk.get(0);
                    Thread freezer = new Thread(() -> freezeOnceWritten(first), "freezer");
                    freezer.setDaemon(true);
                    freezer.start();
                    return;
                }
                try {
                    // not a poll: time for the parent, which read the line, to act before this chunk's writes
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Polls the chunk's first file until its header is the new one, then stops this whole process. */
        private static void freezeOnceWritten(PlannedFile first) {
            byte[] after = first.plan().after();
            try {
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (System.nanoTime() < deadline) {
                    byte[] now = new byte[after.length];
                    try (var in = Files.newInputStream(first.plan().path())) {
                        if (in.readNBytes(now, 0, now.length) == now.length && java.util.Arrays.equals(now, after)) {
                            new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid())).start();
                            return;
                        }
                    }
                    Thread.onSpinWait();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void beforeCommit(String partition, List<PlannedFile> chunk) {
            String ids = chunk.stream().map(f -> Long.toString(f.row().fileId())).collect(Collectors.joining(","));
            String line = ProcessHandle.current().pid() + " " + partition + " " + started.get(partition) + " " + micros() + " " + ids + "\n";
            try {
                Files.writeString(log, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static long micros() {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        }
    }
}
