package io.headpatch.job;

import io.headpatch.job.chunk.ChunkHook;

import javax.sql.DataSource;

/** Tests of ops only: a job service with a hook at the crash protocol's points, to inject a failure. */
public final class HookedJobService {

    private HookedJobService() {
    }

    public static PatchJobService of(DataSource dataSource, ChunkHook hook, PatchJobSettings settings) {
        return new PatchJobService(dataSource, hook, settings);
    }
}
