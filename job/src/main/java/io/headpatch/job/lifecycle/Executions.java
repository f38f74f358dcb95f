package io.headpatch.job.lifecycle;

import io.headpatch.job.JobRequestException;
import io.headpatch.job.JobRequestException.Problem;
import io.headpatch.job.scan.ManifestRecord;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Finds the execution or manifest an id names, or refuses with NOT_FOUND naming the id. */
public final class Executions {

    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;

    public Executions(JobRepository jobRepository, JdbcTemplate jdbc) {
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
    }

    public JobExecution find(long executionId) {
        JobExecution execution;
        try {
            execution = jobRepository.getJobExecution(executionId);
        } catch (EmptyResultDataAccessException e) {
            execution = null;
        }
        if (execution == null) {
            throw new JobRequestException(Problem.NOT_FOUND, "no job execution with id " + executionId);
        }
        return execution;
    }

    public long manifestId(long executionId) {
        ManifestRecord manifest = ManifestRecord.of(jdbc, find(executionId).getJobInstance().getInstanceId());
        if (manifest == null) {
            throw new JobRequestException(Problem.NOT_FOUND, "execution " + executionId + " has no manifest (its scan never started)");
        }
        return manifest.manifestId();
    }
}
