package io.github.ddbstreamworker.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads the metrics stored in moto_server's CloudWatch with boto3 (installed with moto), which
 * speaks the query protocol moto_server serves; the AWS SDK for Java speaks RPC v2 CBOR instead.
 * Timestamps come back as ISO-8601 strings.
 */
public final class MotoCloudWatchReader {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  // Arguments: endpoint, operation; the operation's parameters as JSON on standard input.
  private static final String BOTO_CALL =
      String.join(
          "\n",
          "import boto3, json, sys",
          "client = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1',",
          "    aws_access_key_id='test', aws_secret_access_key='test')",
          "result = getattr(client, sys.argv[2])(**json.load(sys.stdin))",
          "result.pop('ResponseMetadata', None)",
          "print(json.dumps(result, default=lambda value: value.isoformat()))");

  private final ObjectMapper json = new ObjectMapper();
  private final URI endpoint;

  public MotoCloudWatchReader(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** ListMetrics: each metric's {@code MetricName} and {@code Dimensions}. */
  public List<JsonNode> metrics(String namespace) {
    return elements(call("list_metrics", Map.of("Namespace", namespace)).path("Metrics"));
  }

  public List<String> metricNames(String namespace) {
    return metrics(namespace).stream().map(metric -> metric.path("MetricName").asText()).toList();
  }

  /** GetMetricStatistics over 60-second periods: the datapoints with the statistics asked for. */
  public List<JsonNode> datapoints(
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      Instant start,
      Instant end,
      List<String> statistics) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("Namespace", namespace);
    parameters.put("MetricName", metricName);
    parameters.put(
        "Dimensions",
        dimensions.entrySet().stream()
            .map(dimension -> Map.of("Name", dimension.getKey(), "Value", dimension.getValue()))
            .toList());
    parameters.put("StartTime", start.toString());
    parameters.put("EndTime", end.toString());
    parameters.put("Period", 60);
    parameters.put("Statistics", statistics);
    return elements(call("get_metric_statistics", parameters).path("Datapoints"));
  }

  private static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> elements = new ArrayList<>();
    array.forEach(elements::add);
    return elements;
  }

  private JsonNode call(String operation, Map<String, ?> parameters) {
    Path errors = null;
    try {
      errors = Files.createTempFile("boto3-cloudwatch", ".err");
      Process python =
          new ProcessBuilder("python3", "-c", BOTO_CALL, endpoint.toString(), operation)
              .redirectError(errors.toFile())
              .start();
      try (OutputStream input = python.getOutputStream()) {
        input.write(json.writeValueAsBytes(parameters));
      }
      byte[] output = python.getInputStream().readAllBytes();
      if (!python.waitFor(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        python.destroyForcibly();
        throw new IllegalStateException("boto3 " + operation + " did not end in " + CALL_TIMEOUT);
      }
      if (python.exitValue() != 0) {
        throw new IllegalStateException(
            "boto3 "
                + operation
                + " exited with "
                + python.exitValue()
                + ": "
                + Files.readString(errors));
      }
      return json.readTree(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading CloudWatch", e);
    } finally {
      if (errors != null) {
        errors.toFile().delete();
      }
    }
  }
}
