package io.headpatch.job;

import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.chunk.PlannedFile;
import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.spec.HeaderSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job in a child JVM for kill -9 tests: {@code launch URL ROOT RUN_ID [PAUSE_AT_CHUNK]} ({@code launch-incremental}
 * for an incremental launch, {@code launch-max-failures-2} for one that fails past two failed files),
 * {@code restart URL EXECUTION_ID} or {@code rollback URL EXECUTION_ID PAUSE_AFTER_FILES}.
 * With PAUSE_AT_CHUNK it prints "IN_COMMIT" and sleeps inside that chunk, after the files are written and synced and
 * before the commit, so the parent can kill it there; a rollback prints "IN_ROLLBACK" and sleeps once
 * PAUSE_AFTER_FILES are done.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[1];
        int pauseAt = args.length > 4 ? Integer.parseInt(args[4]) : -1;
        AtomicInteger chunks = new AtomicInteger();
        ChunkHook hook = new ChunkHook() {
            @Override
            public void beforeCommit(String partition, List<PlannedFile> chunk) {
                if (chunks.incrementAndGet() == pauseAt) {
                    System.out.println("IN_COMMIT");
                    System.out.flush();
                    sleep();
                }
            }
        };
        try (var dataSource = Databases.open(url, "postgres", "", 16);
             PatchJobService service = new PatchJobService(dataSource, hook, PatchJobSettings.local())) {
            ExecutionSummary summary;
            if (args[0].equals("rollback")) {
                long pauseAfter = Long.parseLong(args[3]);
                service.rollback(Long.parseLong(args[2]), WriteOptions.defaults(), (done, problems) -> {
                    if (done >= pauseAfter) {
                        System.out.println("IN_ROLLBACK");
                        System.out.flush();
                        sleep();
                    }
                });
                return;
            }
            if (args[0].startsWith("launch")) {
                ScanRequest scan = new ScanRequest(List.of(Path.of(args[2])), null, List.of(), List.of(), null, null, false);
                summary = service.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()), scan)
                        .partitions(4).threads(2).chunk(50).runId(args[3]).incremental(args[0].equals("launch-incremental"))
                        .maxFailures(FailureLimit.parse(args[0].equals("launch-max-failures-2") ? "2" : null)).build(),
                        id -> System.out.println("EXECUTION " + id));
            } else {
                summary = service.restart(Long.parseLong(args[2]), id -> System.out.println("EXECUTION " + id));
            }
            System.out.println("STATUS " + summary.status());
        }
    }

    /** Not a poll: holds this process at its moment long enough for the parent to kill it. */
    private static void sleep() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
