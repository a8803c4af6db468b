package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.simulator.SimulatedShard;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Real shard lineage on the stream simulator, read by the unchanged worker: every record of a
 * parent shard is logged before any record of its children, over rollovers and splits. Small reads
 * make each shard take several polls, so shards processed side by side would interleave their
 * lines. AWS: "process parent shards before child shards" (DynamoDB Streams developer guide,
 * "Reading and processing a stream").
 */
@ExtendWith(MotoDynamoDbExtension.class)
class ShardLineageTest {

  private static final int ITEMS_PER_GENERATION = 30;
  private static final Map<String, String> SMALL_READS = Map.of("MAX_RECORDS", "10");
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private StreamSimulator simulator;

  @BeforeEach
  void startSimulator() {
    // Throttling has its own test; here it would only slow the small reads down.
    simulator = StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void logsEveryRecordOfAParentShardBeforeAnyOfItsChildrenOverThreeGenerations() {
    SimulatedStream stream = newStream("lineage");
    write(stream, "a");
    stream.rollover();
    write(stream, "b");
    List<String> children = stream.split(openShard(stream));
    assertThat(children).hasSize(2);
    write(stream, "c");
    assertThat(stream.shards()).hasSize(4);

    try (RunningWorker worker =
        RunningWorker.onSimulatedStream(
            simulator, stream.streamArn(), "lineage-worker", SMALL_READS)) {
      List<JsonNode> lines = worker.sink().awaitItems(3 * ITEMS_PER_GENERATION, TIMEOUT);

      assertThat(lines).hasSize(3 * ITEMS_PER_GENERATION);
      assertThat(lines).extracting(ShardLineageTest::generation).isSorted();
      assertParentsBeforeChildren(stream, lines);
    }
  }

  @Test
  void followsASplitThatHappensWhileConsuming() {
    SimulatedStream stream = newStream("live-split");
    try (RunningWorker worker =
        RunningWorker.onSimulatedStream(
            simulator, stream.streamArn(), "live-split-worker", SMALL_READS)) {
      write(stream, "a");
      worker.sink().awaitItems(ITEMS_PER_GENERATION, TIMEOUT);
      stream.split(openShard(stream));
      write(stream, "b");

      List<JsonNode> lines = worker.sink().awaitItems(2 * ITEMS_PER_GENERATION, TIMEOUT);

      assertThat(lines).extracting(ShardLineageTest::generation).isSorted();
      assertThat(lines)
          .extracting(line -> line.get("keys").get("id").asText())
          .doesNotHaveDuplicates();
      assertParentsBeforeChildren(stream, lines);
      assertThat(shardsOf(lines)).hasSize(3);
    }
  }

  private SimulatedStream newStream(String prefix) {
    return simulator.createStream(
        StreamSpec.of(MotoDynamoDb.uniqueName(prefix), "id", StreamViewType.NEW_AND_OLD_IMAGES));
  }

  private static void write(SimulatedStream stream, String generation) {
    IntStream.range(0, ITEMS_PER_GENERATION)
        .forEach(
            i ->
                stream.insert(
                    Map.of(
                        "id",
                        AttributeValue.fromS(String.format("%s-%03d", generation, i)),
                        "value",
                        AttributeValue.fromS(generation))));
  }

  private static String openShard(SimulatedStream stream) {
    return stream.shards().stream()
        .filter(SimulatedShard::open)
        .map(SimulatedShard::shardId)
        .findFirst()
        .orElseThrow();
  }

  private static String generation(JsonNode line) {
    return line.get("item").get("value").asText();
  }

  private static List<String> shardsOf(List<JsonNode> lines) {
    return lines.stream().map(line -> line.get("shardId").asText()).distinct().toList();
  }

  /** For every shard that logged a line, its parent's last line comes before its first. */
  private static void assertParentsBeforeChildren(SimulatedStream stream, List<JsonNode> lines) {
    Map<String, Integer> first = new HashMap<>();
    Map<String, Integer> last = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String shard = lines.get(i).get("shardId").asText();
      first.putIfAbsent(shard, i);
      last.put(shard, i);
    }
    for (SimulatedShard shard : stream.shards()) {
      if (shard.parentShardId() == null || !first.containsKey(shard.shardId())) {
        continue;
      }
      assertThat(last).containsKey(shard.parentShardId());
      assertThat(first.get(shard.shardId()))
          .as("first line of %s after the last of its parent", shard.shardId())
          .isGreaterThan(last.get(shard.parentShardId()));
    }
  }
}
