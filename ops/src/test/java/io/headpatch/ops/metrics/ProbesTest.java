package io.headpatch.ops.metrics;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /livez} and {@code /readyz} beside {@code /metrics}: "up" or "down", 200 or 503, no login. */
class ProbesTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void livezAnswersWhileReadyzFollowsTheReadinessCheck() throws Exception {
        // given
        AtomicBoolean databaseAnswers = new AtomicBoolean(true);
        try (PrometheusEndpoint endpoint = new PrometheusEndpoint(InetAddress.getLoopbackAddress(), 0, null, null)) {
            HttpResponse<String> readyBeforeACheck = get(endpoint, "/readyz");

            // when
            endpoint.readiness(databaseAnswers::get);
            HttpResponse<String> ready = get(endpoint, "/readyz");
            databaseAnswers.set(false);
            HttpResponse<String> notReady = get(endpoint, "/readyz");

            // then
            HttpResponse<String> live = get(endpoint, "/livez");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("up\n");
            assertThat(readyBeforeACheck.statusCode()).isEqualTo(503);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("up\n");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("down\n");
            assertThat(get(endpoint, "/nothing").statusCode()).isEqualTo(404);
            assertThat(get(endpoint, "/metrics").body()).contains("headpatch_files_total");
        }
    }

    private HttpResponse<String> get(PrometheusEndpoint endpoint, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
