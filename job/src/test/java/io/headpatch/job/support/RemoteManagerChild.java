package io.headpatch.job.support;

import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.Databases;
import io.headpatch.job.ScanRequest;
import io.headpatch.worker.spec.HeaderSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A `launch --remote` manager in a child JVM for kill -9 tests: {@code URL ROOT PARTITIONS CHUNK}; prints "EXECUTION id". */
public final class RemoteManagerChild {

    private RemoteManagerChild() {
    }

    public static void main(String[] args) throws Exception {
        try (var dataSource = Databases.open(args[0], "postgres", "", 8);
             PatchJobService service = new PatchJobService(dataSource,
                     PatchJobSettings.remoteManager(PatchJobSettings.HEARTBEAT.multipliedBy(PatchJobSettings.LEASE_HEARTBEATS), Duration.ofMinutes(10)))) {
            ScanRequest scan = new ScanRequest(List.of(Path.of(args[1])), null, List.of(), List.of(), null, null, false);
            var summary = service.launch(LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()), scan)
                    .partitions(Integer.parseInt(args[2])).threads(1).chunk(Integer.parseInt(args[3])).build(), id -> {
                        System.out.println("EXECUTION " + id);
                        System.out.flush();
                    });
            System.out.println("STATUS " + summary.status());
        }
    }
}
