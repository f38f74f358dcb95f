package io.headpatch.ops;

import io.headpatch.job.ExecutionStatus;
import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobService;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.job.ScanRequest;
import io.headpatch.job.support.TestDatabase;
import io.headpatch.ops.metrics.PrometheusEndpoint;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsIntegrationTests {

    @Test
    void jobAndStepMetricsAreServedInPrometheusTextFormat(@TempDir Path dir) throws Exception {
        // given
        FhdrFiles.generate(dir, 50, 1);
        try (TestDatabase db = TestDatabase.create();
             PrometheusEndpoint endpoint = new PrometheusEndpoint(0);
             PatchJobService service = new PatchJobService(db.dataSource(), PatchJobSettings.local().withObservations(endpoint.observations()))) {
            ExecutionSummary summary = service.launch(LaunchRequest.of(HeaderSpec.resolve("fhdr-v1.3", Map.of()),
                    new ScanRequest(List.of(dir), null, List.of(), List.of(), null, null, false)));
            assertThat(summary.status()).isEqualTo(ExecutionStatus.COMPLETED);

            // when
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            // one completed job, each of its eight partitions' worker steps once, and the JVM's memory: counts, not just names
            assertThat(response.body())
                    .containsPattern("(?m)^spring_batch_job_seconds_count\\{[^}]*\"headpatch\"[^}]*\"COMPLETED\"[^}]*} 1(\\.0)?$")
                    .containsPattern("(?m)^jvm_memory_used_bytes\\{[^}]*} [1-9]");
            for (int partition = 0; partition < 8; partition++) {
                assertThat(response.body()).containsPattern("(?m)^spring_batch_step_seconds_count\\{[^}]*\"patch-worker:p%04d\"[^}]*} 1(\\.0)?$"
                        .formatted(partition));
            }
        }
    }
}
