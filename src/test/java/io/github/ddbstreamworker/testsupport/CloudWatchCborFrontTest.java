package io.github.ddbstreamworker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

class CloudWatchCborFrontTest {

  private static final String NAMESPACE = "cbor-front-test";
  // Characters that the query protocol's form encoding must carry intact.
  private static final String TABLE = "orders & returns/é=1";
  private static final List<String> ALL_STATISTICS =
      List.of("SampleCount", "Sum", "Minimum", "Maximum");

  private static MotoServer moto;
  private static CloudWatchCborFront front;
  private static CloudWatchAsyncClient cloudWatch;

  @BeforeAll
  static void start() {
    moto = MotoServer.start();
    front = CloudWatchCborFront.forwardingTo(moto.endpoint());
    cloudWatch =
        CloudWatchAsyncClient.builder()
            .endpointOverride(front.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
  }

  @AfterAll
  static void stop() {
    cloudWatch.close();
    front.close();
    moto.close();
  }

  @Test
  void forwardsPutMetricDataWithItsDimensionsTimestampAndValues() {
    Instant timestamp =
        Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).plusMillis(250);
    cloudWatch
        .putMetricData(
            r ->
                r.namespace(NAMESPACE)
                    .metricData(
                        MetricDatum.builder()
                            .metricName("records")
                            .dimensions(dimension("table", TABLE))
                            .timestamp(timestamp)
                            .value(2.5)
                            .unit(StandardUnit.COUNT)
                            .build(),
                        MetricDatum.builder()
                            .metricName("latency")
                            .dimensions(dimension("table", TABLE), dimension("outcome", "logged"))
                            .timestamp(timestamp)
                            .statisticValues(
                                s -> s.sampleCount(4.0).sum(10.0).minimum(1.0).maximum(4.0))
                            .unit(StandardUnit.MILLISECONDS)
                            .build()))
        .join();

    MotoCloudWatchReader reader = new MotoCloudWatchReader(moto.endpoint());
    assertThat(reader.metrics(NAMESPACE))
        .extracting(
            metric -> metric.path("MetricName").asText(), CloudWatchCborFrontTest::dimensions)
        .containsExactlyInAnyOrder(
            tuple("records", Map.of("table", TABLE)),
            tuple("latency", Map.of("table", TABLE, "outcome", "logged")));

    Instant minute = timestamp.truncatedTo(ChronoUnit.MINUTES);
    List<JsonNode> records =
        reader.datapoints(
            NAMESPACE,
            "records",
            Map.of("table", TABLE),
            minute,
            minute.plus(Duration.ofMinutes(1)),
            ALL_STATISTICS);
    assertThat(records).hasSize(1);
    assertThat(instant(records.get(0).path("Timestamp"))).isEqualTo(timestamp);
    assertThat(records.get(0).path("SampleCount").asDouble()).isEqualTo(1.0);
    assertThat(records.get(0).path("Sum").asDouble()).isEqualTo(2.5);
    assertThat(records.get(0).path("Unit").asText()).isEqualTo("Count");

    List<JsonNode> latency =
        reader.datapoints(
            NAMESPACE,
            "latency",
            Map.of("table", TABLE, "outcome", "logged"),
            minute,
            minute.plus(Duration.ofMinutes(1)),
            ALL_STATISTICS);
    assertThat(latency).hasSize(1);
    assertThat(instant(latency.get(0).path("Timestamp"))).isEqualTo(timestamp);
    assertThat(latency.get(0).path("SampleCount").asDouble()).isEqualTo(4.0);
    assertThat(latency.get(0).path("Sum").asDouble()).isEqualTo(10.0);
    assertThat(latency.get(0).path("Minimum").asDouble()).isEqualTo(1.0);
    assertThat(latency.get(0).path("Maximum").asDouble()).isEqualTo(4.0);
    assertThat(latency.get(0).path("Unit").asText()).isEqualTo("Milliseconds");
  }

  @Test
  void forwardsRequestsTheClientCompresses() {
    // The SDK gzips a PutMetricData body from 10 KB on; 400 data points are about 20 KB.
    String namespace = NAMESPACE + "-large";
    List<MetricDatum> data =
        IntStream.range(0, 400)
            .mapToObj(
                i ->
                    MetricDatum.builder()
                        .metricName(String.format("metric-%03d", i))
                        .dimensions(dimension("table", TABLE))
                        .value((double) i)
                        .build())
            .toList();

    cloudWatch.putMetricData(r -> r.namespace(namespace).metricData(data)).join();

    assertThat(new MotoCloudWatchReader(moto.endpoint()).metricNames(namespace))
        .hasSize(data.size())
        .contains("metric-000", "metric-399");
  }

  @Test
  void answersOtherOperationsWithAnErrorTheClientRaises() {
    assertThatThrownBy(() -> cloudWatch.listMetrics(r -> r.namespace(NAMESPACE)).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(501);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperation");
              assertThat(e.getMessage()).contains("ListMetrics");
            });
  }

  private static Dimension dimension(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }

  private static Map<String, String> dimensions(JsonNode metric) {
    Map<String, String> dimensions = new HashMap<>();
    metric
        .path("Dimensions")
        .forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
    return dimensions;
  }

  private static Instant instant(JsonNode isoTimestamp) {
    return OffsetDateTime.parse(isoTimestamp.asText()).toInstant();
  }
}
