package io.github.ddbstreamworker.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.kcl.upstream.KclTables;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A shard whose lease names a worker that stopped reporting, as a crash leaves it: the fleet gauge
 * counts it and {@code status} names it until a live worker takes it, on real KCL leases.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class UnownedShardGaugeTest {

  private static final Duration FAST_COUNT = Duration.ofMillis(200);

  private final AwsClients clients = MotoDynamoDb.clients();

  @Test
  void countsAndNamesAShardLeftToAStoppedWorkerUntilALiveWorkerTakesIt() throws Exception {
    String table = MotoDynamoDb.newTable("unowned", StreamViewType.NEW_AND_OLD_IMAGES);
    String application = "ddb-stream-worker-" + table;
    String streamArn =
        clients.dynamoDb().describeTable(r -> r.tableName(table)).table().latestStreamArn();
    MotoDynamoDb.put(table, "a", "v");
    MeterRegistry registry = new SimpleMeterRegistry();
    StreamStatusReader reader = new StreamStatusReader(clients.dynamoDb(), clients.streams());

    try (FleetMeters fleet =
        FleetMeters.start(
            new FleetCensus(clients.dynamoDb(), clients.streams()),
            () -> streamArn,
            application,
            "a-census-taker",
            registry,
            FAST_COUNT)) {
      try (RunningWorker first = RunningWorker.start(table, "first-worker")) {
        first.sink().awaitItems(1, Duration.ofSeconds(60));
        awaitGauges(registry, 1, 0);
      }
      String shard =
          reader
              .read(streamArn, application, Duration.ZERO, 10, Duration.ofHours(1))
              .shards()
              .get(0)
              .shardId();
      // A graceful stop gives the lease up; a crash leaves it naming the worker.
      clients
          .dynamoDb()
          .updateItem(
              r ->
                  r.tableName(KclTables.leases(application))
                      .key(LeaseRows.key(shard))
                      .updateExpression("SET " + LeaseRows.OWNER + " = :gone")
                      .expressionAttributeValues(
                          Map.of(":gone", AttributeValue.fromS("first-worker"))));
      awaitGauges(registry, 0, 1);

      StreamStatus status =
          reader.read(streamArn, application, Duration.ZERO, 10, Duration.ofHours(1));
      assertThat(status.unownedShards())
          .singleElement()
          .satisfies(unowned -> assertThat(unowned.owner()).isEqualTo("first-worker"));
      assertThat(StatusText.format(status))
          .contains("Unowned shards (unfinished, no live worker holds them, nothing reads them): 1")
          .contains(shard + " is held by first-worker, which has not reported for 90 s");

      try (RunningWorker second = RunningWorker.start(table, "second-worker")) {
        MotoDynamoDb.put(table, "b", "v");
        second.sink().awaitItems(1, Duration.ofSeconds(90));
        awaitGauges(registry, 1, 0);
        assertThat(
                StatusText.format(
                    reader.read(streamArn, application, Duration.ZERO, 10, Duration.ofHours(1))))
            .contains("Unowned shards: none");
      }
    }
  }

  private static void awaitGauges(MeterRegistry registry, int live, int unowned) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(registry.get(MeterNames.LIVE_WORKERS).gauge().value()).isEqualTo(live);
              assertThat(registry.get(MeterNames.UNOWNED_SHARDS).gauge().value())
                  .isEqualTo(unowned);
            });
  }
}
