package io.github.ddbstreamworker.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.kcl.upstream.KclTables;
import io.github.ddbstreamworker.kcl.upstream.WorkerMetricsRows;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** One worker of a fleet lists the stream for the shard gauges; every worker counts the fleet. */
@ExtendWith(MotoDynamoDbExtension.class)
class FleetCensusTakerTest {

  private static final Duration FAST_COUNT = Duration.ofMillis(200);

  @Test
  void theLeastLiveWorkerIdTakesTheCensusAndTheOthersPublishNoShardCounts() {
    String application = MotoDynamoDb.uniqueName("census");
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        AwsClients clients = MotoDynamoDb.newClientsReadingStreamsAt(simulator.endpoint())) {
      SimulatedStream stream =
          simulator.createStream(
              StreamSpec.of(application, "id", StreamViewType.NEW_AND_OLD_IMAGES).withShards(3));
      reportAlive(clients, application, "worker-a", "worker-b");
      MeterRegistry taker = new SimpleMeterRegistry();
      MeterRegistry other = new SimpleMeterRegistry();
      FleetCensus census = new FleetCensus(clients.dynamoDb(), clients.streams());

      try (FleetMeters a =
              FleetMeters.start(
                  census, stream::streamArn, application, "worker-a", taker, FAST_COUNT);
          FleetMeters b =
              FleetMeters.start(
                  census, stream::streamArn, application, "worker-b", other, FAST_COUNT)) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  assertThat(gauge(taker, MeterNames.LIVE_WORKERS)).isEqualTo(2);
                  assertThat(gauge(other, MeterNames.LIVE_WORKERS)).isEqualTo(2);
                  assertThat(gauge(taker, MeterNames.OPEN_SHARDS)).isEqualTo(3);
                  // No lease table yet, so no shard has an owner.
                  assertThat(gauge(taker, MeterNames.UNOWNED_SHARDS)).isEqualTo(3);
                });
        assertThat(gauge(other, MeterNames.OPEN_SHARDS)).isNaN();
        assertThat(gauge(other, MeterNames.UNOWNED_SHARDS)).isNaN();
      }
    }
  }

  @Test
  void aWorkerNotYetSeenAliveTakesTheCensusOnlyIfItsIdComesFirst() {
    assertThat(FleetMeters.isCensusTaker("worker-a", Set.of())).isTrue();
    assertThat(FleetMeters.isCensusTaker("worker-a", Set.of("worker-a", "worker-b"))).isTrue();
    assertThat(FleetMeters.isCensusTaker("worker-a", Set.of("worker-b"))).isTrue();
    assertThat(FleetMeters.isCensusTaker("worker-b", Set.of("worker-a", "worker-b"))).isFalse();
  }

  private static void reportAlive(AwsClients clients, String application, String... workerIds) {
    String table = KclTables.workerMetrics(application);
    clients
        .dynamoDb()
        .createTable(
            request ->
                request
                    .tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("wid").keyType(KeyType.HASH))
                    .attributeDefinitions(
                        d -> d.attributeName("wid").attributeType(ScalarAttributeType.S)));
    for (String workerId : workerIds) {
      clients
          .dynamoDb()
          .putItem(
              request ->
                  request
                      .tableName(table)
                      .item(WorkerMetricsRows.reportedAt(workerId, Instant.now())));
    }
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }
}
