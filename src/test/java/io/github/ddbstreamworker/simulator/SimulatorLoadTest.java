package io.github.ddbstreamworker.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Generated writes: backlogs for drain measurements and steady load for latency ones. */
class SimulatorLoadTest {

  private static final StreamSpec ORDERS =
      StreamSpec.of("orders", "id", StreamViewType.NEW_AND_OLD_IMAGES);

  @Test
  void fillWritesABacklogOfTheGivenSizeIntoEveryShardQuickly() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults())) {
      SimulatedStream stream = simulator.createStream(ORDERS.withShards(8));

      long start = System.nanoTime();
      long written = stream.fill(12_500, 200);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(written).isEqualTo(100_000);
      assertThat(stream.shards())
          .allSatisfy(shard -> assertThat(shard.recordCount()).isEqualTo(12_500));
      assertThat(took).as("100,000 records").isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void filledItemsHaveTheAskedSizeAndKeysThatHashToTheirShard() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream =
          simulator.createStream(
              StreamSpec.of("orders", "id", StreamViewType.NEW_IMAGE).withShards(3));
      stream.fill(5, 1_000);

      for (SimulatedShard shard : stream.shards()) {
        List<Record> records = SimulatorClients.read(client, stream.streamArn(), shard.shardId());
        assertThat(records).hasSize(5);
        for (Record record : records) {
          assertThat(record.dynamodb().sizeBytes())
              .as("keys (about 10 bytes) and a new image of about 1,000 bytes")
              .isBetween(1_000L, 1_030L);
          String key = record.dynamodb().keys().get("id").s();
          assertThat(stream.tree().topology().ownerOf(KeyHash.ofString(key)).id())
              .isEqualTo(shard.shardId());
        }
      }
    }
  }

  @Test
  void steadyLoadWritesItsRateIntoEveryShardAndFollowsRollovers() throws Exception {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults())) {
      SimulatedStream stream = simulator.createStream(ORDERS.withShards(4));

      try (SteadyLoad load = stream.steadyLoad(LoadSpec.perShard(50))) {
        Thread.sleep(1_000);
        List<String> children = stream.rollover();
        Thread.sleep(1_000);
        load.close();

        Map<String, Long> counts =
            stream.shards().stream()
                .collect(Collectors.toMap(SimulatedShard::shardId, SimulatedShard::recordCount));
        assertThat(counts).hasSize(8);
        assertThat(counts.values())
            .as("about 50 records in each shard's second")
            .allSatisfy(count -> assertThat(count).isBetween(35L, 60L));
        assertThat(children).allSatisfy(child -> assertThat(counts.get(child)).isPositive());
        assertThat(load.written())
            .isEqualTo(counts.values().stream().mapToLong(Long::longValue).sum());
      }
    }
  }

  @Test
  void steadyLoadKeepsItsEventMixAndModifiesAndRemovesItemsItInserted() throws Exception {
    try (StreamSimulator simulator =
            StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS.withShards(2));
      try (SteadyLoad load =
          stream.steadyLoad(LoadSpec.perShard(200).withEventMix(6, 3, 1).withItemBytes(100))) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> load.written() >= 400);
      }

      Map<OperationType, Integer> byEvent = new HashMap<>();
      for (SimulatedShard shard : stream.shards()) {
        Map<String, OperationType> lastEventByKey = new HashMap<>();
        for (Record record : SimulatorClients.read(client, stream.streamArn(), shard.shardId())) {
          byEvent.merge(record.eventName(), 1, Integer::sum);
          String key = record.dynamodb().keys().get("id").s();
          OperationType previous = lastEventByKey.put(key, record.eventName());
          if (record.eventName() == OperationType.INSERT) {
            assertThat(previous).as("a key is inserted once").isNull();
          } else {
            assertThat(previous)
                .as("%s of %s after", record.eventName(), key)
                .isIn(OperationType.INSERT, OperationType.MODIFY);
            assertThat(record.dynamodb().oldImage()).isNotEmpty();
          }
        }
      }
      int total = byEvent.values().stream().mapToInt(Integer::intValue).sum();
      assertThat(byEvent.get(OperationType.INSERT) / (double) total).isBetween(0.55, 0.65);
      assertThat(byEvent.get(OperationType.MODIFY) / (double) total).isBetween(0.25, 0.35);
      assertThat(byEvent.get(OperationType.REMOVE) / (double) total).isBetween(0.05, 0.15);
    }
  }
}
