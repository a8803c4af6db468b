package io.github.ddbstreamworker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OperationsEndpointTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(OperationsEndpoint endpoint, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersEachPathWith200WhenItsCheckHoldsAnd503WithTheReasonWhenNot() throws Exception {
    AtomicReference<Check> ready = new AtomicReference<>(Check.failing("still initialising"));
    try (OperationsEndpoint endpoint =
        OperationsEndpoint.start(0, () -> "metric_total 1.0\n", Check::passing, ready::get)) {
      HttpResponse<String> notReady = get(endpoint, "/ready");
      ready.set(Check.passing());
      HttpResponse<String> nowReady = get(endpoint, "/ready");
      HttpResponse<String> health = get(endpoint, "/health");
      HttpResponse<String> metrics = get(endpoint, "/metrics");

      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body())
          .isEqualTo("{\"status\":\"DOWN\",\"reason\":\"still initialising\"}");
      assertThat(nowReady.statusCode()).isEqualTo(200);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
      assertThat(metrics.body()).isEqualTo("metric_total 1.0\n");
    }
  }

  @Test
  void aReasonWithQuotesAndLineBreaksStaysValidJson() throws Exception {
    String reason = "shard \"shardId-1\" stuck\nsince 12:00";
    try (OperationsEndpoint endpoint =
        OperationsEndpoint.start(0, () -> "", () -> Check.failing(reason), Check::passing)) {
      HttpResponse<String> health = get(endpoint, "/health");

      JsonNode body = new ObjectMapper().readTree(health.body());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(body.get("status").asText()).isEqualTo("DOWN");
      assertThat(body.get("reason").asText()).isEqualTo(reason);
    }
  }
}
