package io.headpatch.job.support;

import io.headpatch.job.Databases;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.PartitionWorker;

import java.time.Duration;

/** A remote worker in a child JVM: {@code URL NAME THREADS}; SIGTERM stops it gracefully. */
public final class WorkerChild {

    private WorkerChild() {
    }

    public static void main(String[] args) throws Exception {
        try (var dataSource = Databases.open(args[0], "postgres", "", 8);
             PatchJobService service = new PatchJobService(dataSource, PatchJobSettings.worker(args[1], PatchJobSettings.HEARTBEAT.multipliedBy(PatchJobSettings.LEASE_HEARTBEATS)))) {
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
            worker.run();
        }
    }
}
