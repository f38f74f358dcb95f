package io.headpatch.ops.command;

import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.db.Database;

/** The job service over an open database; closing it stops both. */
final class JobSession implements AutoCloseable {

    private final Database database;
    private final PatchJobService service;

    private JobSession(Database database, PatchJobService service) {
        this.database = database;
        this.service = service;
    }

    static JobSession open(Database database, PatchJobSettings settings) {
        try {
            return new JobSession(database, new PatchJobService(database.dataSource(), settings));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** @throws io.headpatch.job.JobRequestException NOT_FOUND (exit 3) naming the id when there is no such execution */
    void requireExecution(long executionId) {
        service.status(executionId);
    }

    PatchJobService service() {
        return service;
    }

    Database database() {
        return database;
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            database.close();
        }
    }
}
