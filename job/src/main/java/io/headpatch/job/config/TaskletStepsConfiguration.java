package io.headpatch.job.config;

import io.headpatch.job.outcome.FailureLimitTasklet;
import io.headpatch.job.outcome.VerifyTasklet;
import io.headpatch.job.parameters.PatchJobParameters;
import io.headpatch.job.scan.ScanTasklet;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/** The patch job's steps around the partitions: the scan before them, the failure limit and the verify after. */
@Configuration(proxyBeanMethods = false)
public class TaskletStepsConfiguration {

    @Bean
    public Step scanStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, DataSource dataSource,
                         ObjectProvider<PatchJobParameters> parameters) {
        return new StepBuilder("scan", jobRepository).tasklet(new ScanTasklet(dataSource, parameters::getObject), transactionManager)
                .build();
    }

    @Bean
    public Step failureLimitStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
                                 ObjectProvider<PatchJobParameters> parameters) {
        return new StepBuilder("failure-limit", jobRepository)
                .tasklet(new FailureLimitTasklet(jdbc, parameters::getObject), transactionManager)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step verifyStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
                           ObjectProvider<PatchJobParameters> parameters) {
        return new StepBuilder("verify", jobRepository).tasklet(new VerifyTasklet(jdbc, parameters::getObject), transactionManager)
                .build();
    }
}
