package io.github.ddbstreamworker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.config.MetricsSettings;
import io.github.ddbstreamworker.testsupport.CloudWatchCborFront;
import io.github.ddbstreamworker.testsupport.MotoCloudWatchReader;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.MotoServer;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * METRICS_EXPORT=cloudwatch end to end: a real worker's meters published by Micrometer's CloudWatch
 * registry to moto_server on loopback, then read back with ListMetrics and GetMetricStatistics. The
 * SDK's CloudWatch client speaks Smithy RPC v2 CBOR, which moto_server 5.2 does not serve for
 * CloudWatch, so it publishes through {@link CloudWatchCborFront}, and the metrics are read back in
 * the query protocol moto_server does serve.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class CloudWatchExportTest {

  private static final String NAMESPACE = "ddb-stream-worker-test";
  private static final int INSERTS = 5;

  @Test
  void publishesTheWorkersMetricsToCloudWatch() throws Exception {
    try (MotoServer cloudWatchServer = MotoServer.start();
        CloudWatchCborFront front = CloudWatchCborFront.forwardingTo(cloudWatchServer.endpoint());
        CloudWatchAsyncClient cloudWatch =
            CloudWatchAsyncClient.builder()
                .endpointOverride(front.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
      MeterRegistries registries =
          new MeterRegistries(
              MetricsSettings.from(
                  Map.of(
                          "METRICS_EXPORT", "cloudwatch",
                          "METRICS_NAMESPACE", NAMESPACE,
                          "METRICS_STEP_SECONDS", "1")
                      ::get),
              cloudWatch);
      String table = MotoDynamoDb.newTable("cloudwatch", StreamViewType.NEW_AND_OLD_IMAGES);
      IntStream.range(0, INSERTS).forEach(i -> MotoDynamoDb.put(table, "item-" + i, "v"));

      try (RunningWorker worker =
          RunningWorker.start(table, "cloudwatch-worker", Map.of(), registries.registry())) {
        worker.sink().awaitItems(INSERTS, Duration.ofSeconds(60));
        Thread.sleep(2_500);
      }
      registries.close();
      MotoCloudWatchReader reader = new MotoCloudWatchReader(cloudWatchServer.endpoint());

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(sum(reader, MeterNames.RECORDS + ".count", "INSERT", "logged"))
                      .isEqualTo(INSERTS));
      List<String> names = reader.metricNames(NAMESPACE);
      // Micrometer's CloudWatch registry names each statistic: counters .count, gauges .value.
      assertThat(names)
          .contains(
              MeterNames.RECORDS + ".count",
              MeterNames.CHECKPOINTS + ".count",
              MeterNames.CHECKPOINT_LATENCY + ".avg",
              MeterNames.LEASES_HELD + ".value",
              MeterNames.ITERATOR_AGE_MAX + ".value",
              MeterNames.ITERATOR_AGE + ".value");
    }
  }

  private static double sum(
      MotoCloudWatchReader reader, String metric, String eventName, String outcome) {
    Instant now = Instant.now();
    return reader
        .datapoints(
            NAMESPACE,
            metric,
            Map.of(MeterNames.TAG_EVENT_NAME, eventName, MeterNames.TAG_OUTCOME, outcome),
            now.minus(Duration.ofMinutes(10)),
            now.plus(Duration.ofMinutes(1)),
            List.of("Sum"))
        .stream()
        .mapToDouble(datapoint -> datapoint.path("Sum").asDouble())
        .sum();
  }
}
