package io.github.ddbstreamworker.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardFilterType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DescribeStream through the AWS SDK: ids, ARNs, paging, rollover, split, and key routing. */
class SimulatorShardsTest {

  private static final StreamSpec ORDERS =
      StreamSpec.of("orders", "id", StreamViewType.NEW_AND_OLD_IMAGES);

  @Test
  void describeStreamShowsArnsLabelsAndShardIdsInAwsFormats() {
    long before = System.currentTimeMillis();
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS.withShards(3).withRangeKey("sk"));

      StreamDescription description =
          client
              .describeStream(request -> request.streamArn(stream.streamArn()))
              .streamDescription();

      assertThat(description.streamArn())
          .matches(
              "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/"
                  + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}")
          .endsWith("/stream/" + description.streamLabel());
      assertThat(description.streamStatus()).isEqualTo(StreamStatus.ENABLED);
      assertThat(description.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
      assertThat(description.tableName()).isEqualTo("orders");
      assertThat(description.creationRequestDateTime().toEpochMilli())
          .isBetween(before, System.currentTimeMillis());
      assertThat(description.keySchema())
          .extracting(key -> key.attributeName() + ":" + key.keyType())
          .containsExactly("id:" + KeyType.HASH, "sk:" + KeyType.RANGE);
      assertThat(description.shards()).hasSize(3);
      for (Shard shard : description.shards()) {
        assertThat(shard.shardId()).matches("shardId-\\d{20}-[0-9a-f]{8}");
        long createdMillis = Long.parseLong(shard.shardId().substring(8, 28));
        assertThat(createdMillis).isBetween(before, System.currentTimeMillis());
        assertThat(shard.parentShardId()).isNull();
        assertThat(shard.sequenceNumberRange().startingSequenceNumber()).matches("\\d{21,40}");
        assertThat(shard.sequenceNumberRange().endingSequenceNumber())
            .as("open shards have no ending sequence number (API reference, DescribeStream)")
            .isNull();
      }
      assertThat(description.lastEvaluatedShardId()).isNull();
    }
  }

  @Test
  void describeStreamPagesAtMostOneHundredShardsAsItsLimitSays() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS.withShards(250));

      StreamDescription first =
          client
              .describeStream(request -> request.streamArn(stream.streamArn()))
              .streamDescription();
      assertThat(first.shards()).hasSize(100);
      assertThat(first.lastEvaluatedShardId()).isEqualTo(first.shards().get(99).shardId());

      List<Shard> all = SimulatorClients.shards(client, stream.streamArn());
      assertThat(all).hasSize(250);
      assertThat(all.stream().map(Shard::shardId).distinct()).hasSize(250);

      Set<String> bySevens = new HashSet<>();
      String start = null;
      int pages = 0;
      do {
        String exclusiveStart = start;
        StreamDescription page =
            client
                .describeStream(
                    request ->
                        request
                            .streamArn(stream.streamArn())
                            .limit(7)
                            .exclusiveStartShardId(exclusiveStart))
                .streamDescription();
        assertThat(page.shards()).hasSizeLessThanOrEqualTo(7);
        page.shards().forEach(shard -> bySevens.add(shard.shardId()));
        start = page.lastEvaluatedShardId();
        pages++;
      } while (start != null);
      assertThat(bySevens).hasSize(250);
      assertThat(pages).isEqualTo(36);

      assertThatThrownBy(
              () ->
                  client.describeStream(
                      request -> request.streamArn(stream.streamArn()).limit(101)))
          .isInstanceOf(DynamoDbException.class)
          .hasMessageContaining("between 1 and 100")
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ValidationException"));
    }
  }

  @Test
  void rolloverClosesEveryOpenShardAndOpensOneChildEach() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS.withShards(2));
      List<WrittenRecord> before = writeKeys(stream, "a", 20);

      List<String> children = stream.rollover();

      Map<String, Shard> shards = byId(SimulatorClients.shards(client, stream.streamArn()));
      assertThat(shards).hasSize(4);
      assertThat(children).hasSize(2);
      for (String childId : children) {
        Shard child = shards.get(childId);
        Shard parent = shards.get(child.parentShardId());
        assertThat(child.sequenceNumberRange().endingSequenceNumber()).isNull();
        assertThat(parent.sequenceNumberRange().endingSequenceNumber())
            .as("a closed shard has both numbers (API reference, DescribeStream)")
            .isNotNull();
        assertThat(number(child.sequenceNumberRange().startingSequenceNumber()))
            .isGreaterThan(number(parent.sequenceNumberRange().endingSequenceNumber()));
        before.stream()
            .filter(record -> record.shardId().equals(parent.shardId()))
            .forEach(
                record ->
                    assertThat(number(record.sequenceNumber()))
                        .isLessThanOrEqualTo(
                            number(parent.sequenceNumberRange().endingSequenceNumber())));
      }
      assertThat(stream.shards()).filteredOn(SimulatedShard::open).hasSize(2);
    }
  }

  @Test
  void shardsRollOverOnTheirOwnAfterTheConfiguredPeriod() {
    SimulatorOptions options =
        SimulatorOptions.defaults().withRolloverPeriod(Duration.ofMillis(300));
    try (StreamSimulator simulator = StreamSimulator.start(options);
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      String first = stream.shards().get(0).shardId();

      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> SimulatorClients.shards(client, stream.streamArn()).size() >= 3);

      List<Shard> shards = SimulatorClients.shards(client, stream.streamArn());
      assertThat(shards.get(0).shardId()).isEqualTo(first);
      assertThat(shards.get(1).parentShardId()).isEqualTo(first);
      assertThat(shards.get(2).parentShardId()).isEqualTo(shards.get(1).shardId());
      assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
      long opened = Long.parseLong(shards.get(1).shardId().substring(8, 28));
      long next = Long.parseLong(shards.get(2).shardId().substring(8, 28));
      assertThat(next - opened).isGreaterThanOrEqualTo(300);
    }
  }

  @Test
  void aSplitClosesTheShardAndItsTwoChildrenShareItsKeys() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      String parent = stream.shards().get(0).shardId();
      writeKeys(stream, "k", 100);

      List<String> children = stream.split(parent);

      assertThat(children).hasSize(2);
      Map<String, Shard> shards = byId(SimulatorClients.shards(client, stream.streamArn()));
      assertThat(shards.get(parent).sequenceNumberRange().endingSequenceNumber()).isNotNull();
      assertThat(children)
          .allSatisfy(id -> assertThat(shards.get(id).parentShardId()).isEqualTo(parent));
      Map<String, String> firstPass = shardByKey(writeKeys(stream, "k", 100));
      Map<String, String> secondPass = shardByKey(writeKeys(stream, "k", 100));
      assertThat(new HashSet<>(firstPass.values())).containsExactlyInAnyOrderElementsOf(children);
      assertThat(secondPass).isEqualTo(firstPass);
      assertThatThrownBy(() -> stream.split(parent)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aKeyStaysInOneLineOfShardsAcrossRolloversAndSplits() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults())) {
      SimulatedStream stream = simulator.createStream(ORDERS.withShards(4));
      Map<String, String> before = shardByKey(writeKeys(stream, "k", 400));
      assertThat(new HashSet<>(before.values())).hasSize(4);

      stream.rollover();
      String toSplit =
          stream.shards().stream().filter(SimulatedShard::open).findFirst().orElseThrow().shardId();
      stream.split(toSplit);
      Map<String, String> after = shardByKey(writeKeys(stream, "k", 400));

      Map<String, String> parents =
          stream.shards().stream()
              .filter(shard -> shard.parentShardId() != null)
              .collect(Collectors.toMap(SimulatedShard::shardId, SimulatedShard::parentShardId));
      for (Map.Entry<String, String> key : after.entrySet()) {
        assertThat(ancestorsOf(key.getValue(), parents))
            .as("lineage of the shard key %s landed in", key.getKey())
            .contains(before.get(key.getKey()));
      }
    }
  }

  @Test
  void childShardsFilterListsTheChildrenOfOneShard() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS.withShards(2));
      String parent = stream.shards().get(0).shardId();
      List<String> children = stream.split(parent);
      stream.rollover();

      List<Shard> listed =
          client
              .describeStream(
                  request ->
                      request
                          .streamArn(stream.streamArn())
                          .shardFilter(
                              filter -> filter.type(ShardFilterType.CHILD_SHARDS).shardId(parent)))
              .streamDescription()
              .shards();

      assertThat(listed).extracting(Shard::shardId).containsExactlyElementsOf(children);
    }
  }

  @Test
  void unknownStreamsAndShardsAreResourceNotFound() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      String unknownArn = stream.streamArn().replace("orders", "nothing");

      assertThatThrownBy(() -> client.describeStream(request -> request.streamArn(unknownArn)))
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ResourceNotFoundException"));
      assertThatThrownBy(
              () ->
                  client.getShardIterator(
                      request ->
                          request
                              .streamArn(stream.streamArn())
                              .shardId("shardId-00000000000000000001-00000000")
                              .shardIteratorType("TRIM_HORIZON")))
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ResourceNotFoundException"));
    }
  }

  static List<WrittenRecord> writeKeys(SimulatedStream stream, String prefix, int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> stream.insert(Map.of("id", AttributeValue.fromS(prefix + i))))
        .toList();
  }

  private static Map<String, String> shardByKey(List<WrittenRecord> records) {
    Map<String, String> byKey = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      byKey.put("k" + i, records.get(i).shardId());
    }
    return byKey;
  }

  private static Set<String> ancestorsOf(String shardId, Map<String, String> parents) {
    Set<String> line = new HashSet<>();
    for (String shard = shardId; shard != null; shard = parents.get(shard)) {
      line.add(shard);
    }
    return line;
  }

  private static Map<String, Shard> byId(List<Shard> shards) {
    return shards.stream().collect(Collectors.toMap(Shard::shardId, Function.identity()));
  }

  static BigInteger number(String sequenceNumber) {
    return new BigInteger(sequenceNumber);
  }

  static String errorCode(Throwable error) {
    return ((DynamoDbException) error).awsErrorDetails().errorCode();
  }
}
