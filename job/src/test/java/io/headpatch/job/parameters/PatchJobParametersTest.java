package io.headpatch.job.parameters;

import io.headpatch.job.LaunchRequest;
import io.headpatch.job.ScanRequest;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parameter names are stored in existing job repositories: a rename would orphan every instance launched before it. */
class PatchJobParametersTest {

    @Test
    void theParameterNamesAreTheOnesExistingJobRepositoriesHold(@TempDir Path root) throws Exception {
        // given
        LaunchRequest request = LaunchRequest.builder(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                new ScanRequest(List.of(root), null, List.of(), List.of(), null, null, false)).build();

        // when
        JobParameters parameters = PatchJobParameters.encode(request, Instant.EPOCH);

        // then
        assertThat(parameters.parameters()).filteredOn(JobParameter::identifying).extracting(JobParameter::name)
                .containsExactlyInAnyOrder("spec.hash", "roots", "manifest", "includes", "excludes", "size.min", "size.max",
                        "one.filesystem", "dry.run", "run.id");
        assertThat(parameters.parameters()).filteredOn(parameter -> !parameter.identifying()).extracting(JobParameter::name)
                .containsExactlyInAnyOrder("spec.name", "spec.source", "spec.parameters", "job.timestamp", "partitions", "threads",
                        "chunk", "io", "sync", "sync.parallelism", "preserve.mtime", "max.failures", "verify", "incremental",
                        "allow.hard.links");
    }
}
