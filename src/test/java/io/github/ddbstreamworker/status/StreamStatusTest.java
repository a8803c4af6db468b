package io.github.ddbstreamworker.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.kcl.upstream.KclTables;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * {@code status} on real leases written by the real KCL: on moto_server's one-shard streams, and on
 * the stream simulator for a parent shard and its child.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class StreamStatusTest {

  private static final Duration HOUR = Duration.ofHours(1);

  private final StreamStatusReader reader =
      new StreamStatusReader(MotoDynamoDb.clients().dynamoDb(), MotoDynamoDb.clients().streams());

  private StreamSimulator simulator;
  private AwsClients simulated;
  private StreamStatusReader simulatedReader;

  @BeforeEach
  void startSimulator() {
    simulator = StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
    simulated = MotoDynamoDb.newClientsReadingStreamsAt(simulator.endpoint());
    simulatedReader = new StreamStatusReader(simulated.dynamoDb(), simulated.streams());
  }

  @AfterEach
  void stopSimulator() {
    simulated.close();
    simulator.close();
  }

  /** A stream whose first shard holds "a" and has rolled over to a child holding "b". */
  private SimulatedStream parentAndChild(String prefix) {
    SimulatedStream stream =
        simulator.createStream(
            StreamSpec.of(
                MotoDynamoDb.uniqueName(prefix), "id", StreamViewType.NEW_AND_OLD_IMAGES));
    stream.insert(Map.of("id", AttributeValue.fromS("a"), "value", AttributeValue.fromS("parent")));
    stream.rollover();
    stream.insert(Map.of("id", AttributeValue.fromS("b"), "value", AttributeValue.fromS("child")));
    return stream;
  }

  @Test
  void showsEachShardsParentOwnerAndCheckpointAndTheLineage() throws Exception {
    SimulatedStream stream = parentAndChild("status");
    String table = stream.tableName();

    try (RunningWorker worker =
        RunningWorker.onSimulatedStream(simulator, stream.streamArn(), "status-worker", Map.of())) {
      worker.sink().awaitItems(2, Duration.ofSeconds(60));
      StreamStatus status =
          simulatedReader.read(
              stream.streamArn(), application(table), Duration.ofSeconds(4), 10, HOUR);

      assertThat(status.shards()).hasSize(2);
      StreamStatus.Shard parent = status.shards().get(0);
      StreamStatus.Shard child = status.shards().get(1);
      assertThat(parent.open()).isFalse();
      assertThat(parent.checkpoint()).isEqualTo("SHARD_END");
      assertThat(child.parentShardId()).isEqualTo(parent.shardId());
      assertThat(child.open()).isTrue();
      assertThat(child.owner()).isEqualTo("status-worker");
      assertThat(child.checkpoint()).matches("\\d+");
      assertThat(child.renewing()).isTrue();
      assertThat(status.openShards()).isEqualTo(1);
      assertThat(status.liveWorkers()).isEqualTo(1);
      assertThat(status.recommendedWorkers()).isEqualTo(1);
      assertThat(status.warnings()).isEmpty();
      assertThat(StatusText.format(status))
          .contains(parent.shardId() + " (closed, SHARD_END)")
          .contains("  └─ " + child.shardId() + " (open, " + child.checkpoint() + ")")
          .contains("Warnings: none");
      MeterRegistry registry = new SimpleMeterRegistry();
      try (FleetMeters fleet =
          FleetMeters.start(
              new FleetCensus(simulated.dynamoDb(), simulated.streams()),
              stream::streamArn,
              application(table),
              "a-census-taker",
              registry,
              Duration.ofMillis(200))) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  assertThat(registry.get(MeterNames.OPEN_SHARDS).gauge().value()).isEqualTo(1);
                  assertThat(registry.get(MeterNames.LIVE_WORKERS).gauge().value()).isEqualTo(1);
                });
      }
      JsonNode json = new ObjectMapper().valueToTree(status);
      assertThat(json.get("shards").get(1).get("owner").asText()).isEqualTo("status-worker");
      assertThat(json.get("openShards").asInt()).isEqualTo(1);
    }
  }

  @Test
  void warnsAboutAChildThatNoLeaseCoversAfterItsParentEnded() throws Exception {
    SimulatedStream stream = parentAndChild("stuck");
    String table = stream.tableName();
    try (RunningWorker worker =
        RunningWorker.onSimulatedStream(simulator, stream.streamArn(), "stuck-worker", Map.of())) {
      worker.sink().awaitItems(2, Duration.ofSeconds(60));
    }
    StreamStatus before =
        simulatedReader.read(stream.streamArn(), application(table), Duration.ZERO, 10, HOUR);
    String child = before.shards().get(1).shardId();
    MotoDynamoDb.clients()
        .dynamoDb()
        .deleteItem(
            r -> r.tableName(KclTables.leases(application(table))).key(LeaseRows.key(child)));

    StreamStatus status =
        simulatedReader.read(stream.streamArn(), application(table), Duration.ZERO, 10, HOUR);

    assertThat(status.shards().get(1).owner()).isNull();
    assertThat(status.liveWorkers()).isZero();
    assertThat(status.warnings())
        .singleElement()
        .asString()
        .contains("shard " + child + " has no lease although its parent");
    assertThat(StatusText.format(status)).contains("(no lease)").contains("! shard " + child);
  }

  @Test
  void warnsAboutAnOwnerThatStoppedRenewing() throws Exception {
    String table = MotoDynamoDb.newTable("stale", StreamViewType.NEW_AND_OLD_IMAGES);
    MotoDynamoDb.put(table, "a", "v");
    try (RunningWorker worker = RunningWorker.start(table, "stale-worker")) {
      worker.sink().awaitItems(1, Duration.ofSeconds(60));
    }
    String shard =
        reader
            .read(streamArn(table), application(table), Duration.ZERO, 10, HOUR)
            .shards()
            .get(0)
            .shardId();
    MotoDynamoDb.clients()
        .dynamoDb()
        .updateItem(
            r ->
                r.tableName(KclTables.leases(application(table)))
                    .key(LeaseRows.key(shard))
                    .updateExpression("SET " + LeaseRows.OWNER + " = :ghost")
                    .expressionAttributeValues(
                        Map.of(":ghost", AttributeValue.fromS("ghost-worker"))));

    StreamStatus status =
        reader.read(streamArn(table), application(table), Duration.ofSeconds(1), 10, HOUR);

    assertThat(status.shards().get(0).renewing()).isFalse();
    assertThat(status.warnings())
        .singleElement()
        .asString()
        .contains("lease " + shard + " is owned by ghost-worker, which did not renew it in 1 s");
  }

  @Test
  void warnsWhenARecordWaitsAfterTheCheckpoint() throws Exception {
    String table = MotoDynamoDb.newTable("waiting", StreamViewType.NEW_AND_OLD_IMAGES);
    MotoDynamoDb.put(table, "a", "v");
    try (RunningWorker worker = RunningWorker.start(table, "waiting-worker")) {
      worker.sink().awaitItems(1, Duration.ofSeconds(60));
    }
    StreamStatus caughtUp =
        reader.read(streamArn(table), application(table), Duration.ZERO, 10, Duration.ZERO);
    MotoDynamoDb.put(table, "b", "nobody reads this");

    StreamStatus behind =
        reader.read(streamArn(table), application(table), Duration.ZERO, 10, Duration.ZERO);

    assertThat(caughtUp.warnings()).isEmpty();
    assertThat(behind.warnings())
        .singleElement()
        .asString()
        .contains("shard " + behind.shards().get(0).shardId() + " has a record")
        .contains("after its checkpoint");
  }

  private static String streamArn(String table) {
    return MotoDynamoDb.clients()
        .dynamoDb()
        .describeTable(r -> r.tableName(table))
        .table()
        .latestStreamArn();
  }

  private static String application(String table) {
    return "ddb-stream-worker-" + table;
  }
}
