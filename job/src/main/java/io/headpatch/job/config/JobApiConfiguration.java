package io.headpatch.job.config;

import io.headpatch.job.ExecutionQueries;
import io.headpatch.job.JobLifecycle;
import io.headpatch.job.JobRetention;
import io.headpatch.job.JournalChecks;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.job.lifecycle.Executions;
import io.headpatch.job.lifecycle.JournalCheckService;
import io.headpatch.job.lifecycle.LifecycleService;
import io.headpatch.job.outcome.ExecutionOwners;
import io.headpatch.job.outcome.JournalCheckRunner;
import io.headpatch.job.remote.WorkerLeaseMonitor;
import io.headpatch.job.report.SummaryQueries;
import io.headpatch.job.retention.InstancePruner;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/** The implementations of the job API ({@code io.headpatch.job}), over the job of {@link HeadpatchJobConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class JobApiConfiguration {

    @Bean
    Executions executions(JobRepository jobRepository, JdbcTemplate jdbc) {
        return new Executions(jobRepository, jdbc);
    }

    @Bean
    public ExecutionQueries executionQueries(JdbcTemplate jdbc) {
        return new SummaryQueries(jdbc);
    }

    @Bean
    public JobLifecycle jobLifecycle(JobOperator jobOperator, JobRepository jobRepository, Job job, DataSource dataSource,
                                     Executions executions, JdbcTemplate jdbc, ExecutionQueries queries, PatchJobSettings settings) {
        return new LifecycleService(jobOperator, jobRepository, job, dataSource, executions, new ExecutionOwners(jdbc), queries,
                new WorkerLeaseMonitor(jdbc, jobRepository, settings.lease()));
    }

    @Bean
    public JournalChecks journalChecks(Executions executions, JdbcTemplate jdbc) {
        return new JournalCheckService(executions, new JournalCheckRunner(jdbc));
    }

    @Bean
    public JobRetention jobRetention(JdbcTemplate jdbc) {
        return new InstancePruner(jdbc);
    }
}
