package io.github.ddbstreamworker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.config.MetricsSettings;
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
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * METRICS_EXPORT=cloudwatch end to end: a real worker's meters published by Micrometer's CloudWatch
 * registry to moto_server on loopback, then read back with ListMetrics and GetMetricStatistics.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class CloudWatchExportTest {

  private static final String NAMESPACE = "ddb-stream-worker-test";
  private static final int INSERTS = 5;

  @Test
  void publishesTheWorkersMetricsToCloudWatch() throws Exception {
    try (MotoServer cloudWatchServer = MotoServer.start();
        CloudWatchAsyncClient cloudWatch =
            CloudWatchAsyncClient.builder()
                .endpointOverride(cloudWatchServer.endpoint())
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

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(sum(cloudWatch, MeterNames.RECORDS + ".count", "INSERT", "logged"))
                      .isEqualTo(INSERTS));
      List<String> names =
          cloudWatch.listMetrics(r -> r.namespace(NAMESPACE)).join().metrics().stream()
              .map(Metric::metricName)
              .toList();
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
      CloudWatchAsyncClient cloudWatch, String metric, String eventName, String outcome) {
    Instant now = Instant.now();
    return cloudWatch
        .getMetricStatistics(
            r ->
                r.namespace(NAMESPACE)
                    .metricName(metric)
                    .dimensions(
                        Dimension.builder()
                            .name(MeterNames.TAG_EVENT_NAME)
                            .value(eventName)
                            .build(),
                        Dimension.builder().name(MeterNames.TAG_OUTCOME).value(outcome).build())
                    .startTime(now.minus(Duration.ofMinutes(10)))
                    .endTime(now.plus(Duration.ofMinutes(1)))
                    .period(60)
                    .statistics(Statistic.SUM))
        .join()
        .datapoints()
        .stream()
        .mapToDouble(Datapoint::sum)
        .sum();
  }
}
