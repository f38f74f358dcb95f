package io.headpatch.job.outcome;

import io.headpatch.job.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.support.JdbcTransactionManager;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A run that ends UNKNOWN is stored FAILED, even when its UNKNOWN step's row cannot be written at the end. */
class UnknownStatusResolverIntegrationTests {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perTest();

    @Test
    void aRunWhoseUnknownStepCannotBeWrittenEndsFailedAndTheRestartResolvesTheStep() throws Exception {
        // given: a partition that ended UNKNOWN, whose row the database holds in a newer version than the step's own
        // (the commit that reported a failure had gone through), so the step cannot be written at the job's end
        JobRepository repository = repository();
        JobParameters parameters = new JobParametersBuilder().addString("run", "unknown").toJobParameters();
        JobInstance instance = repository.createJobInstance("headpatch", parameters);
        JobExecution execution = repository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution partition = repository.createStepExecution("patch-worker:p0000", execution);
        partition.setStatus(BatchStatus.UNKNOWN);
        repository.update(partition);
        db.jdbc().update("UPDATE batch_step_execution SET version = version + 1 WHERE step_execution_id = ?", partition.getId());
        execution.setStatus(BatchStatus.UNKNOWN);

        // when: the job's end, as Spring Batch runs it: the listener, then the job's own final update
        new UnknownStatusResolver(repository).afterJob(execution);
        repository.update(execution);

        // then: the run is FAILED (restartable), its step still UNKNOWN
        assertThat(statuses(execution)).containsExactly(Map.entry("job", "FAILED"), Map.entry("patch-worker:p0000", "UNKNOWN"));

        // when: the restart's resolution, on the rows as stored
        new UnknownStatusResolver(repository).resolve(repository.getJobExecution(execution.getId()));

        // then
        assertThat(statuses(execution)).containsExactly(Map.entry("job", "FAILED"), Map.entry("patch-worker:p0000", "FAILED"));
        assertThat(db.jdbc().queryForObject("SELECT exit_message FROM batch_step_execution WHERE step_execution_id = ?",
                String.class, partition.getId())).contains(UnknownStatusResolver.REASON);
    }

    private JobRepository repository() throws Exception {
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(db.dataSource());
        factory.setTransactionManager(new JdbcTransactionManager(db.dataSource()));
        factory.afterPropertiesSet();
        return factory.getObject();
    }

    private static Map<String, String> statuses(JobExecution execution) {
        Map<String, String> statuses = new LinkedHashMap<>();
        statuses.put("job", db.jdbc().queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, execution.getId()));
        db.jdbc().query("SELECT step_name, status FROM batch_step_execution WHERE job_execution_id = ? ORDER BY step_execution_id",
                row -> { statuses.put(row.getString(1), row.getString(2)); }, execution.getId());
        return statuses;
    }
}
