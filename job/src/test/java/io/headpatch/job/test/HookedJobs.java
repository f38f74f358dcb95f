package io.headpatch.job.test;

import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.chunk.ChunkHook;
import io.headpatch.job.chunk.PlannedFile;

import javax.sql.DataSource;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Job services with a failure injected at a point of the crash protocol, for the tests of the modules above job. */
public final class HookedJobs {

    private HookedJobs() {
    }

    /**
     * A service whose chunks of {@code partition} fail after their files are written and before they commit, while
     * {@code armed}: the files are written, the chunk is not.
     */
    public static PatchJobService failingBeforeCommit(DataSource dataSource, PatchJobSettings settings, String partition,
                                                      BooleanSupplier armed) {
        return new PatchJobService(dataSource, new ChunkHook() {
            @Override
            public void beforeCommit(String name, List<PlannedFile> chunk) {
                if (armed.getAsBoolean() && name.equals(partition)) {
                    throw new IllegalStateException("injected failure in " + partition + ": disk went away");
                }
            }
        }, settings);
    }
}
