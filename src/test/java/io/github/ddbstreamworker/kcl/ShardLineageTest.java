package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Real shard splits, forced in DynamoDB Local: every record of a parent shard is logged before any
 * record of its child. Small reads make each shard take several polls, so shards processed side by
 * side would interleave their lines.
 */
@Disabled("moves to the stream simulator")
@ExtendWith(MotoDynamoDbExtension.class)
class ShardLineageTest {

  private static final int ITEMS_PER_SHARD = 30;
  private static final Map<String, String> SMALL_READS = Map.of("MAX_RECORDS", "10");

  @Test
  void logsEveryRecordOfAParentShardBeforeAnyOfItsChild() {
    String table = MotoDynamoDb.newTable("lineage", StreamViewType.NEW_AND_OLD_IMAGES);
    writeGeneration(table, "a");
    rollover(table);
    writeGeneration(table, "b");
    rollover(table);
    writeGeneration(table, "c");
    assertThat(shards(table)).hasSize(3);

    try (RunningWorker worker = RunningWorker.start(table, "lineage-worker", SMALL_READS)) {
      List<JsonNode> lines = worker.sink().awaitItems(3 * ITEMS_PER_SHARD, Duration.ofSeconds(90));

      assertThat(lines).extracting(ShardLineageTest::generation).isSorted();
      assertThat(shardsInOrderOfFirstLine(lines)).containsExactlyElementsOf(lineage(table));
      assertThat(lines).hasSize(3 * ITEMS_PER_SHARD);
    }
  }

  @Test
  void followsASplitThatHappensWhileConsuming() {
    String table = MotoDynamoDb.newTable("live-split", StreamViewType.NEW_AND_OLD_IMAGES);
    try (RunningWorker worker = RunningWorker.start(table, "live-split-worker", SMALL_READS)) {
      writeGeneration(table, "a");
      worker.sink().awaitItems(ITEMS_PER_SHARD, Duration.ofSeconds(60));
      rollover(table);
      writeGeneration(table, "b");

      List<JsonNode> lines = worker.sink().awaitItems(2 * ITEMS_PER_SHARD, Duration.ofSeconds(90));

      assertThat(lines).extracting(ShardLineageTest::generation).isSorted();
      assertThat(shardsInOrderOfFirstLine(lines)).containsExactlyElementsOf(lineage(table));
    }
  }

  private static void writeGeneration(String table, String generation) {
    IntStream.range(0, ITEMS_PER_SHARD)
        .forEach(i -> MotoDynamoDb.put(table, String.format("%s-%03d", generation, i), generation));
  }

  /** Closing a shard and opening its child needs the stream simulator; moto_server never does. */
  private static void rollover(String table) {
    throw new UnsupportedOperationException("shard rollover of " + table + " needs the simulator");
  }

  private static String generation(JsonNode line) {
    return line.get("item").get("value").asText();
  }

  private static Set<String> shardsInOrderOfFirstLine(List<JsonNode> lines) {
    Set<String> shards = new LinkedHashSet<>();
    lines.forEach(line -> shards.add(line.get("shardId").asText()));
    return shards;
  }

  private static List<Shard> shards(String table) {
    String arn =
        MotoDynamoDb.clients()
            .dynamoDb()
            .describeTable(r -> r.tableName(table))
            .table()
            .latestStreamArn();
    return MotoDynamoDb.clients()
        .streams()
        .describeStream(r -> r.streamArn(arn))
        .streamDescription()
        .shards();
  }

  /** Shard ids from the root down, checking that each shard's parent is the one before it. */
  private static List<String> lineage(String table) {
    List<Shard> shards = shards(table);
    for (int i = 1; i < shards.size(); i++) {
      assertThat(shards.get(i).parentShardId()).isEqualTo(shards.get(i - 1).shardId());
    }
    return shards.stream().map(Shard::shardId).toList();
  }
}
