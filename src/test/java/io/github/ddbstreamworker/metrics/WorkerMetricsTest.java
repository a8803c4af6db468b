package io.github.ddbstreamworker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The meters of a real worker (KCL, adapter, moto_server) after it has processed records. */
@ExtendWith(MotoDynamoDbExtension.class)
class WorkerMetricsTest {

  private static final int INSERTS = 7;

  @Test
  void countsRecordsCheckpointsAndLagPerShard() {
    String table = MotoDynamoDb.newTable("metrics", StreamViewType.NEW_AND_OLD_IMAGES);
    IntStream.range(0, INSERTS).forEach(i -> MotoDynamoDb.put(table, "item-" + i, "v"));
    MotoDynamoDb.put(table, "item-0", "overwritten");
    MotoDynamoDb.clients()
        .dynamoDb()
        .deleteItem(
            r -> r.tableName(table).key(Map.of(DemoTable.KEY, AttributeValue.fromS("item-1"))));

    RunningWorker worker = RunningWorker.start(table, "metrics-worker");
    MeterRegistry meters = worker.meters();
    try {
      worker.sink().awaitItems(INSERTS, Duration.ofSeconds(60));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> records(meters, "REMOVE", "filtered") == 1);

      assertThat(records(meters, "INSERT", "logged")).isEqualTo(INSERTS);
      assertThat(records(meters, "MODIFY", "filtered")).isEqualTo(1);
      assertThat(records(meters, "INSERT", "failed")).isZero();
      assertThat(
              search(meters, MeterNames.CHECKPOINTS)
                  .tags("reason", "batch", "outcome", "written")
                  .counter()
                  .count())
          .isGreaterThanOrEqualTo(1);
      assertThat(
              search(meters, MeterNames.CHECKPOINT_LATENCY).tag("reason", "batch").timer().count())
          .isGreaterThanOrEqualTo(1);
      assertThat(search(meters, MeterNames.LEASES_HELD).gauge().value()).isEqualTo(1);
      assertThat(search(meters, MeterNames.RECORDS_SINCE_CHECKPOINT).gauge().value()).isZero();
      assertThat(search(meters, MeterNames.ITERATOR_AGE).tagKeys("shard_id").gauges()).hasSize(1);
      assertThat(search(meters, MeterNames.ITERATOR_AGE_MAX).gauge().value())
          .isGreaterThanOrEqualTo(0);
      assertThat(search(meters, MeterNames.SECONDS_SINCE_CHECKPOINT).gauge().value())
          .isLessThan(60);
    } finally {
      worker.close();
    }

    assertThat(
            search(meters, MeterNames.CHECKPOINTS)
                .tags("reason", "shutdown", "outcome", "written")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(meters.find(MeterNames.ITERATOR_AGE).gauges())
        .as("per-shard gauges removed")
        .isEmpty();
    assertThat(search(meters, MeterNames.LEASES_HELD).gauge().value()).isZero();
  }

  @Test
  void isHealthyAtOnceAndReadyOnceItHoldsItsShard() {
    String table = MotoDynamoDb.newTable("readiness", StreamViewType.NEW_AND_OLD_IMAGES);
    try (RunningWorker worker = RunningWorker.start(table, "readiness-worker")) {
      assertThat(worker.worker().readiness().ok()).isFalse();
      assertThat(worker.worker().health().ok()).isTrue();

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> worker.worker().readiness().ok());
      assertThat(search(worker.meters(), MeterNames.LEASES_HELD).gauge().value()).isEqualTo(1);
    }
  }

  @Test
  void recordsTheKclsOwnMetricsOnlyWhenAskedTo() {
    assertThat(kclMeterNames(Map.of())).isEmpty();
    assertThat(kclMeterNames(Map.of("METRICS_LEVEL", "SUMMARY")))
        .contains("kcl.RecordsProcessed", "kcl.MillisBehindLatest");
  }

  private static List<String> kclMeterNames(Map<String, String> settings) {
    String table = MotoDynamoDb.newTable("kcl-metrics", StreamViewType.NEW_AND_OLD_IMAGES);
    MotoDynamoDb.put(table, "a", "v");
    try (RunningWorker worker = RunningWorker.start(table, "kcl-metrics-worker", settings)) {
      worker.sink().awaitItems(1, Duration.ofSeconds(60));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> settings.isEmpty() || !names(worker.meters()).isEmpty());
      return names(worker.meters());
    }
  }

  private static List<String> names(MeterRegistry meters) {
    return meters.getMeters().stream()
        .map(meter -> meter.getId().getName())
        .filter(name -> name.startsWith(MeterNames.KCL_PREFIX))
        .distinct()
        .toList();
  }

  private static double records(MeterRegistry meters, String eventName, String outcome) {
    return search(meters, MeterNames.RECORDS)
        .tags(MeterNames.TAG_EVENT_NAME, eventName, MeterNames.TAG_OUTCOME, outcome)
        .functionCounter()
        .count();
  }

  private static RequiredSearch search(MeterRegistry meters, String name) {
    return meters.get(name);
  }
}
